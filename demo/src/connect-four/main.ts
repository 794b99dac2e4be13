// The Connect Four page: signs in as this tab's guest, queues for a duel on "Find a match",
// joins the matched room with its join ticket and shows the board as the room replicates it;
// a click on a column drops a disc by RPC (drop-control.ts). Rounds follow one another on
// their own. The board element carries the page's state in data attributes and
// `window.connectFour` holds the connection, for the console and the browser tests.
// `?name=` picks the player's name.

import { connect, createHttpClient, type RoomConnection, roomUrl } from "@edgetick/client";
import {
  type ConnectFourInput,
  connectFourGame,
  readBoard,
  readMatch,
  SEATS,
} from "../../../games/connect-four/index.js";
import { signInAsGuest, tabDeviceId } from "../guest-sign-in.js";
import { BoardElement, seatName } from "./board-element.js";
import type { FinishedRound, LinkEvent } from "./debug-handle.js";
import { DropControl, type DropRefusal } from "./drop-control.js";
import { findMatch } from "./find-match.js";
import { roundState } from "./round-state.js";

/** How long a refused move's reason shows under the board, ms. */
const NOTICE_MS = 2500;

const params = new URLSearchParams(location.search);
const name = params.get("name") ?? `player-${Math.floor(Math.random() * 9000 + 1000)}`;
const el = (id: string) => document.getElementById(id)!;
const status = el("status");
const boardRoot = el("board");
const findButton = el("find-match") as HTMLButtonElement;
const notice = el("notice");
const lastRound = el("last-round");
const playerList = el("players");

const http = createHttpClient({ baseUrl: location.origin });
/** The drops of the room being played; null before a match (a click then only says so). */
let drops: DropControl | null = null;
let room: RoomConnection<ConnectFourInput> | null = null;
const board = new BoardElement(boardRoot, (column) => {
  // A new move makes the last refusal old news; a refused one shows its own.
  notice.hidden = true;
  if (drops) drops.drop(column);
  else showNotice("not-playing", "find a match first");
});

/** Margin before an access token's expiry at which a resume refreshes it first, ms. */
const TOKEN_MARGIN_MS = 30_000;

/** The held access token, refreshed first when it is about to expire (a resume may come late). */
async function accessToken(): Promise<string> {
  const held = http.session;
  if (held === null) throw new Error("signed out");
  if (held.accessTokenExpiresAt - Date.now() > TOKEN_MARGIN_MS) return held.accessToken;
  return (await http.refresh()).accessToken;
}

/** Sets the board's data attributes, which say where the page is (and style it). */
function mark(values: Record<string, string | number | boolean>): void {
  for (const [key, value] of Object.entries(values)) boardRoot.dataset[key] = String(value);
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
let refusals = 0;
function showNotice(reason: DropRefusal, text: string): void {
  refusals++;
  mark({ refusals, lastRefusal: reason });
  notice.textContent = `move refused: ${text}`;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  // Hidden, not emptied: the last refusal stays readable in the DOM.
  noticeTimer = setTimeout(() => {
    notice.hidden = true;
  }, NOTICE_MS);
}

/** Shows the players of the room with their colours; the key skips unchanged redraws. */
let playersKey = "";
function showPlayers(
  r: RoomConnection<ConnectFourInput>,
  seats: readonly number[],
  away: ReadonlySet<number>,
): void {
  const entries = [...r.players].map(([id, playerName]) => {
    const seat = seats.indexOf(id);
    const label = `${playerName}${id === r.playerId ? " (you)" : ""}${away.has(id) ? " (away)" : ""}`;
    return { seat: seat < 0 ? "empty" : SEATS[seat]!, label };
  });
  const key = JSON.stringify(entries);
  if (key === playersKey) return;
  playersKey = key;
  playerList.replaceChildren(
    ...entries.map(({ seat, label }) => {
      const li = document.createElement("li");
      const disc = document.createElement("span");
      disc.className = "c4-swatch";
      disc.dataset.seat = seat;
      li.append(disc, label);
      return li;
    }),
  );
}

/** Plays the joined room `r` until it closes. */
function play(r: RoomConnection<ConnectFourInput>): void {
  room = r;
  const rounds: FinishedRound[] = [];
  const links: LinkEvent[] = [];
  const tally = { win: 0, lose: 0 };
  const away = new Set<number>();
  const control = new DropControl(r, () => readMatch(r.world), refresh, showNotice);
  drops = control;
  const side = () => ({
    me: r.playerId,
    pending: control.pending,
    online: r.state === "connected" || r.state === "resumed",
    tickRate: r.tickRate,
  });
  const state = () => roundState(readMatch(r.world), side());

  function refresh(): void {
    if (room !== r) return;
    const match = readMatch(r.world);
    const view = readBoard(r.world);
    const s = roundState(match, side());
    board.show(view);
    mark({
      phase: s.phase,
      turn: s.turn,
      ready: s.ready,
      round: match?.round ?? 0,
      moves: match?.moves ?? 0,
      seat: s.seat === null ? "none" : SEATS[s.seat],
    });
    if (status.textContent !== s.status) status.textContent = s.status;
    if (match) showPlayers(r, match.seats, away);
    // Each round's end is recorded once: it stays readable after the next round clears it.
    if (match && s.phase === "over" && rounds.at(-1)?.round !== match.round) {
      rounds.push({
        round: match.round,
        result: s.result,
        cells: view.cells.map((row) => row.map(seatName)),
        winningLine: view.winningLine,
      });
      if (s.result === "win" || s.result === "lose") tally[s.result]++;
      lastRound.dataset.round = String(match.round);
      lastRound.dataset.result = s.result ?? "none";
      lastRound.textContent = `round ${match.round}: ${s.result === null ? "over" : `you ${s.result}`} · you ${tally.win} – ${tally.lose} opponent`;
    }
    // An opponent who left for good leaves the board waiting for nobody: offer a new match.
    findButton.hidden = !(s.phase === "waiting" && (match?.round ?? 0) > 0);
    findButton.disabled = findButton.hidden;
  }

  window.connectFour = {
    room: r,
    match: () => readMatch(r.world),
    board: () => readBoard(r.world),
    state,
    rounds,
    links,
  };
  el("room-id").textContent = r.roomId;
  r.on("snapshot", () => {
    control.observe();
    refresh();
  });
  r.on("player-joined", refresh);
  r.on("player-left", refresh);
  r.on("player-status", ({ playerId, connected }) => {
    if (connected) away.delete(playerId);
    else away.add(playerId);
    refresh();
  });
  r.on("state", ({ state: s, close }) => {
    links.push({ at: performance.now(), state: s, ...close });
    // The close handler has the last word on a closed connection.
    if (s !== "disconnected") refresh();
  });
  r.on("close", ({ code, reason }) => {
    if (room !== r) return;
    drops = null;
    mark({ phase: "closed", turn: "none", ready: false });
    status.textContent = `disconnected: ${code} ${reason}`;
    findButton.hidden = false;
    findButton.disabled = false;
  });
  refresh();
}

findButton.addEventListener("click", async () => {
  findButton.disabled = true;
  if (room) {
    const left = room;
    room = null;
    drops = null;
    left.close();
  }
  findButton.hidden = true;
  lastRound.textContent = "";
  mark({ phase: "queued", turn: "none", ready: false, round: 0, moves: 0 });
  status.textContent = "waiting for an opponent…";
  try {
    const join = await findMatch(http);
    mark({ phase: "joining" });
    status.textContent = "joining the room…";
    play(
      await connect({
        url: roomUrl(location.origin, join.roomId),
        game: connectFourGame,
        name,
        token: join.ticket,
        // A ticket lives a minute; a player resumes its seat with its access token.
        reconnectToken: accessToken,
      }),
    );
  } catch (e) {
    mark({ phase: "signed-in" });
    status.textContent = `no match: ${e instanceof Error ? e.message : String(e)}`;
    findButton.hidden = false;
    findButton.disabled = false;
  }
});

try {
  mark({ phase: "signing-in", turn: "none", ready: false, round: 0, moves: 0 });
  await signInAsGuest(http, name, await tabDeviceId());
  mark({ phase: "signed-in" });
  status.textContent = `signed in as ${name}: find a match to play`;
  findButton.disabled = false;
} catch (e) {
  status.textContent = `could not sign in: ${e instanceof Error ? e.message : String(e)}`;
}
