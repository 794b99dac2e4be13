// "Host a game": a listen-server session of the arena. Without `?session=`, this tab
// registers a session and hosts it — the room runs here, with the same game module a room
// Durable Object runs — and its own player joins over an in-process link; the invite link
// (`?session=ls_…`) lets others join over WebRTC data channels, or through the session
// relay when no direct path opens. `?relay=1` keeps only relay candidates, as for a player
// behind a strict NAT: through TURN when the deployment configures it (path "turn"), else
// nothing opens directly and the link falls back to the session relay (path "relay"). When the host's tab closes, the session elects the
// earliest remaining peer and play goes on there (host migration).

import {
  createHttpClient,
  hostSession,
  joinSession,
  type PeerSession,
  type RoomConnection,
} from "@edgetick/client";
import { type ArenaInput, arenaGame, listShips, Ship } from "../../../games/arena/index.js";
import { tabDeviceId } from "../guest-sign-in.js";
import { watchKeyboard } from "../keyboard.js";
import { playerColor, renderArena } from "../render.js";
import type { ListenDebugHandle } from "./debug-handle.js";

const params = new URLSearchParams(location.search);
const name = params.get("name") ?? `pilot-${Math.floor(Math.random() * 9000 + 1000)}`;
const forceRelay = params.get("relay") === "1";
const status = document.getElementById("status")!;
const roleText = document.getElementById("role")!;
const pathText = document.getElementById("path")!;
const invite = document.getElementById("invite") as HTMLAnchorElement;
const list = document.getElementById("players")!;
const canvas = document.getElementById("arena") as HTMLCanvasElement;
const ctx = canvas.getContext("2d")!;

/** The page's connection and how to ask who runs the room. */
interface Joined {
  readonly sessionId: string;
  readonly room: RoomConnection<ArenaInput>;
  readonly role: () => "host" | "peer";
  readonly session?: PeerSession<ArenaInput>;
}

const http = createHttpClient({ baseUrl: location.origin });

/** Registers a listen session and hosts it; this tab's player joins its own room. */
async function host(): Promise<Joined> {
  const session = await http.registerSession({
    kind: "listen",
    game: arenaGame.name,
    mode: "ffa",
    players: 1,
    capacity: 8,
    name,
  });
  const listen = await hostSession({
    game: arenaGame,
    signaling: { signalUrl: session.signalUrl, ticket: session.ticket, baseUrl: location.origin },
  });
  const room = await listen.connect({ name });
  return { sessionId: session.sessionId, room, role: () => (listen.closed ? "peer" : "host") };
}

/** Joins the session of the invite link over data channels (or the relay). */
async function join(sessionId: string): Promise<Joined> {
  const joined = await http.joinPeerSession(sessionId, { name });
  const session = await joinSession({
    game: arenaGame,
    name,
    signaling: { signalUrl: joined.signalUrl, ticket: joined.ticket, baseUrl: location.origin },
    // Relay candidates only: TURN's, when configured; without TURN the direct attempt gives
    // up after 2 s and the session relay takes over (the fallback, measured).
    link: forceRelay ? { rtc: { candidateFilter: "relay-only", connectTimeoutMs: 2000 } } : {},
    netcode: { statsIntervalMs: 250 },
  });
  return {
    sessionId,
    room: session.room,
    role: () => (session.host ? "host" : "peer"),
    session,
  };
}

function showPlayers(room: RoomConnection<ArenaInput>): void {
  list.replaceChildren(
    ...[...room.players].map(([id, playerName]) => {
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = playerColor(id);
      li.append(swatch, id === room.playerId ? `${playerName} (you)` : playerName);
      return li;
    }),
  );
}

try {
  await http.signInGuest({ deviceId: await tabDeviceId(), name });
  const sessionId = params.get("session");
  const joined = sessionId ? await join(sessionId) : await host();
  const { room } = joined;
  const link = new URL("/host.html", location.origin);
  link.searchParams.set("session", joined.sessionId);
  invite.href = link.pathname + link.search;
  invite.textContent = joined.sessionId;
  const migrations: ListenDebugHandle["migrations"] = [];
  joined.session?.on("migrated", (m) => {
    migrations.push({ ...m });
    status.textContent = m.becameHost
      ? `the host left: this tab runs the room now (${Math.round(m.ms)} ms)`
      : `the host left: peer ${m.hostPeerId} runs the room now (${Math.round(m.ms)} ms)`;
  });
  window.listenSession = {
    sessionId: joined.sessionId,
    room,
    role: joined.role,
    path: () => room.transportPath,
    ships: () => listShips(room.world),
    migrations,
  };
  status.textContent = `playing as ${name} (player ${room.playerId})`;
  showPlayers(room);
  room.on("player-joined", () => showPlayers(room));
  room.on("player-left", () => showPlayers(room));
  room.on("state", ({ state }) => {
    if (state === "resumed") showPlayers(room);
  });
  room.on("close", ({ code, reason }) => {
    status.textContent = `disconnected: ${code} ${reason}`;
  });
  watchKeyboard(window, (buttons) => room.setInput({ buttons }));
  const frame = () => {
    room.render(performance.now());
    roleText.textContent = joined.role();
    pathText.textContent = room.transportPath;
    renderArena(ctx, room.world, room.players, room.playerId, room.view.store(Ship));
    if (!room.closed) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
} catch (e) {
  status.textContent = `could not join: ${e instanceof Error ? e.message : String(e)}`;
}
