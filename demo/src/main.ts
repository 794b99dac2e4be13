// The demo page: signs in as a guest, joins a room with the client package, steers with the
// keyboard and draws the rendered state (remote ships interpolated, its own predicted) every
// animation frame. `?room=` picks the room, `?name=` the name; `?lag=&jitter=&loss=`
// simulate a network (simulated-link.ts); G toggles the netgraph; 1–3 send emotes (typed RPC);
// Z cycles the view radius (interest, by RPC); a click pings the map (unreliable RPC); Space
// or F fires the lag-compensated weapon along the ship's heading (shots.ts); the microphone
// button and V (push-to-talk) give proximity voice (voice.ts).

import { connect, createHttpClient, type RoomConnection, roomUrl } from "@edgetick/client";
import { type ArenaInput, arenaGame, listShips, Ship } from "../../games/arena/index.js";
import "./debug-handle.js";
import { watchEmotes } from "./emotes.js";
import { FrameTrace } from "./frame-trace.js";
import { frontDoor } from "./front-door.js";
import { signInAsGuest, tabDeviceId } from "./guest-sign-in.js";
import { watchKeyboard } from "./keyboard.js";
import { Netgraph } from "./netgraph.js";
import { watchPings } from "./pings.js";
import { playerColor, renderArena } from "./render.js";
import { watchShots } from "./shots.js";
import { describeLink, simulatedLinkFrom } from "./simulated-link.js";
import { type DemoVoice, watchVoice } from "./voice.js";
import { watchZoom } from "./zoom.js";

const params = new URLSearchParams(location.search);
let roomId = params.get("room") ?? "demo";
const name = params.get("name") ?? `pilot-${Math.floor(Math.random() * 9000 + 1000)}`;
const status = document.getElementById("status")!;
const list = document.getElementById("players")!;
const canvas = document.getElementById("arena") as HTMLCanvasElement;
const ctx = canvas.getContext("2d")!;
document.getElementById("room-id")!.textContent = roomId;

/**
 * The player list: each player's swatch, name and hits (`hits`: the shots' tally), and with
 * voice who is talking, who a moderator muted, and a button to mute a player on this page.
 */
function showPlayers(
  room: RoomConnection<ArenaInput>,
  hits: ReadonlyMap<number, number>,
  voice?: DemoVoice,
): void {
  list.replaceChildren(
    ...[...room.players].map(([id, playerName]) => {
      const li = document.createElement("li");
      li.dataset.playerId = String(id);
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = playerColor(id);
      const n = hits.get(id) ?? 0;
      const tally = document.createElement("span");
      tally.className = "hits";
      tally.textContent = ` · ${n} ${n === 1 ? "hit" : "hits"}`;
      li.append(swatch, id === room.playerId ? `${playerName} (you)` : playerName, tally);
      if (voice)
        li.append(
          ...voiceMarks(voice, id, id === room.playerId, () => showPlayers(room, hits, voice)),
        );
      return li;
    }),
  );
}

/** The list's voice marks of player `id`: talking, muted by a moderator, the local mute. */
function voiceMarks(voice: DemoVoice, id: number, me: boolean, redraw: () => void): HTMLElement[] {
  const marks: HTMLElement[] = [];
  if (voice.speaking.has(id)) {
    const talk = document.createElement("span");
    talk.className = "speaking";
    talk.textContent = " 🔊 talking";
    marks.push(talk);
  }
  if (voice.chat.mutedPlayers.has(id)) {
    const muted = document.createElement("span");
    muted.className = "voice-muted";
    muted.textContent = " · muted by a moderator";
    marks.push(muted);
  }
  if (!me) {
    const button = document.createElement("button");
    const off = voice.chat.playerMuted(id);
    button.className = "voice-mute";
    button.textContent = off ? "unmute" : "mute";
    button.setAttribute("aria-pressed", String(off));
    button.addEventListener("click", () => {
      voice.chat.setPlayerMuted(id, !off);
      redraw();
    });
    marks.push(button);
  }
  return marks;
}

try {
  // This tab's guest (a room seats one per account, and each tab is a ship of its own): the
  // first of the browser's stored device ids no other open tab holds.
  const http = createHttpClient({ baseUrl: location.origin });
  const session = await signInAsGuest(http, name, await tabDeviceId());
  // Without ?room=, the front door (quick play, lobbies) picks the room and hands a ticket.
  const entry = params.has("room")
    ? { roomId, token: session.accessToken }
    : await frontDoor(session.accessToken, session.accountId);
  roomId = entry.roomId;
  const token = entry.token;
  document.getElementById("room-id")!.textContent = roomId;
  const room = await connect({
    url: roomUrl(location.origin, roomId),
    game: arenaGame,
    name,
    token,
    // A ticket lives a minute; a member resumes its player with its access token.
    reconnectToken: () => session.accessToken,
    simulate: simulatedLinkFrom(params),
    netcode: { statsIntervalMs: 250 },
  });
  const trace = new FrameTrace();
  const pings = watchPings(canvas, room, status);
  const redraw = () => showPlayers(room, shots.hits, voice);
  const shots = watchShots(window, room, status, () => redraw());
  const voice: DemoVoice = watchVoice(window, room, status, () => redraw());
  window.edgetick = {
    room,
    ships: () => listShips(room.world),
    frames: trace.frames,
    pings: pings.showing,
    shots: shots.shots,
    hits: () => Object.fromEntries(shots.hits),
    voice: voice.chat,
  };
  const netgraph = new Netgraph(document.body, describeLink(params));
  // Shown from the start when a network is simulated; G or its button toggles it.
  if (!simulatedLinkFrom(params)) netgraph.toggle();
  room.on("stats", (sample) => netgraph.push(sample));
  status.textContent = `connected as ${name} (player ${room.playerId})`;
  redraw();
  room.on("player-joined", redraw);
  room.on("player-left", redraw);
  room.on("close", ({ code, reason }) => {
    status.textContent = `disconnected: ${code} ${reason}`;
  });
  watchKeyboard(window, (buttons) => room.setInput({ buttons }));
  const drawEmotes = watchEmotes(window, room, status);
  const drawZoom = watchZoom(window, room, status);
  const frame = () => {
    const now = performance.now();
    room.render(now);
    renderArena(ctx, room.world, room.players, room.playerId, room.view.store(Ship));
    drawEmotes(ctx, room.world, room.view.store(Ship));
    drawZoom(ctx, room.world, room.view.store(Ship), room.playerId);
    pings.draw(ctx);
    shots.draw(ctx, room.world, room.view.store(Ship));
    voice.place(room.world, room.view.store(Ship));
    voice.draw(ctx, room.world, room.view.store(Ship));
    trace.record(room, now);
    if (!room.closed) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
} catch (e) {
  status.textContent = `could not join: ${e instanceof Error ? e.message : String(e)}`;
}
