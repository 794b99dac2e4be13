// The P2P mesh page: signs in as this tab's guest, starts a P2P arena session (`?new`, or the
// Start button) or joins one (`?session=ls_…`, or a pasted id or link), and plays it with no
// server in the game loop. This page owns its ship: it steps it with the arena's own rules
// and the keyboard's input, and the mesh replicates it to every other page, whose ships it
// draws from their mirrors. `?relay=1` blocks direct paths (no ICE candidate is used), so
// every link of this page goes through the session's relay; `?name=` picks the name.
// Proximity voice as on the arena page (microphone button, hold V or voice activation), sent
// over the mesh's links only to the peers within the arena's hearing radius.

import {
  createHttpClient,
  createMeshVoice,
  joinMesh,
  type MeshSession,
  type World,
} from "@edgetick/client";
import {
  type ArenaInput,
  arenaGame,
  listShips,
  Ship,
  shipOf,
  spawnPoint,
  stepArena,
} from "../../../games/arena/index.js";
import { signInAsGuest, tabDeviceId } from "../guest-sign-in.js";
import { watchKeyboard } from "../keyboard.js";
import { clearArena, drawShips } from "../render.js";
import { watchVoice } from "../voice.js";
import "./debug-handle.js";
import { peerViews, showPeers } from "./peer-list.js";
import {
  chooseSession,
  createMeshSession,
  joinMeshSession,
  keepListed,
  type MeshEntry,
} from "./session-entry.js";

const DT = arenaGame.schema.tickSeconds;

const params = new URLSearchParams(location.search);
const name = params.get("name") ?? `pilot-${Math.floor(Math.random() * 9000 + 1000)}`;
const forceRelay = params.get("relay") === "1";
const el = (id: string) => document.getElementById(id)!;
const status = el("status");
const canvas = el("arena") as HTMLCanvasElement;
const ctx = canvas.getContext("2d")!;
const http = createHttpClient({ baseUrl: location.origin });

/** Signs in and resolves with the session to play, registering it first when asked. */
async function enter(): Promise<MeshEntry> {
  // Each tab its own guest: a session takes at most three sockets of one account.
  await signInAsGuest(http, name, await tabDeviceId());
  const wanted = params.get("session") ?? (params.has("new") ? null : undefined);
  if (wanted === undefined) status.textContent = "start a P2P session, or join one";
  const choice = wanted === undefined ? await chooseSession(el("mesh-entry")) : wanted;
  status.textContent = choice === null ? "starting a session…" : `joining ${choice}…`;
  return choice === null ? createMeshSession(http, name) : joinMeshSession(http, choice, name);
}

/** Shows the session id and the link that joins it (the page's own URL says so from now on). */
function showSession(sessionId: string): void {
  const query = new URLSearchParams({ session: sessionId });
  history.replaceState(null, "", `?${query}${forceRelay ? "&relay=1" : ""}`);
  const share = `${location.origin}${location.pathname}?${query}`;
  el("session-id").textContent = sessionId;
  const link = el("share-link") as HTMLAnchorElement;
  link.href = share;
  link.textContent = share;
}

/** The names of the session's peers by id, this one's included. */
function namesOf(session: MeshSession): Map<number, string> {
  const names = new Map([[session.peerId, name]]);
  for (const { peerId } of session.links()) {
    const info = session.signaling.peerInfo(peerId);
    if (info) names.set(peerId, info.name);
  }
  return names;
}

/** Where a peer's ship is, asked in that peer's own world (this page's `local`, or a mirror). */
function shipPosition(world: World, peerId: number, out: { x: number; y: number }): boolean {
  const e = shipOf(world, peerId);
  if (e < 0) return false;
  const pos = world.store(Ship).pos;
  out.x = pos.x[e]!;
  out.y = pos.y[e]!;
  return true;
}

/** Every ship this page sees: its own and each peer's mirror. */
function allShips(session: MeshSession) {
  const ships = listShips(session.mesh.local);
  for (const p of session.mesh.peers()) ships.push(...listShips(session.mesh.remote(p.peerId)!));
  return ships.sort((a, b) => a.owner - b.owner);
}

try {
  const entry = await enter();
  showSession(entry.sessionId);
  const session = await joinMesh({
    game: arenaGame,
    signaling: { signalUrl: entry.signalUrl, ticket: entry.ticket, baseUrl: location.origin },
    // A filter that keeps no candidate: the data channels never open and the relay takes over.
    link: forceRelay ? { rtc: { candidateFilter: () => false } } : {},
  });
  const me = session.peerId;
  const mesh = session.mesh;
  const at = spawnPoint(me);
  mesh.local.add(mesh.local.spawn(), Ship, {
    owner: me,
    pos: { x: at.x, y: at.y },
    vel: { x: 0, y: 0 },
    heading: at.heading,
  });
  const voiceLink = createMeshVoice(mesh, { voice: arenaGame.voice!, position: shipPosition });
  session.on("close", () => voiceLink.close());
  // The talking marks are drawn each frame: nothing to redraw on a change.
  const voice = watchVoice(window, voiceLink, status, () => {});
  window.edgetickMesh = {
    session,
    voice: voice.chat,
    voiceLink,
    ships: () => allShips(session),
    peers: () => peerViews(session, namesOf(session)),
  };
  const stopListing = entry.created
    ? keepListed(
        http,
        session.sessionId,
        () => 1 + mesh.peers().length,
        (e) => {
          status.textContent = `heartbeat failed: ${e instanceof Error ? e.message : String(e)}`;
        },
      )
    : () => {};
  status.textContent = `in session as ${name} (peer ${me})${forceRelay ? ", relay only" : ""}`;

  // The page simulates its own ship only, at the arena's tick rate, and sends it each tick.
  const inputs = new Map<number, ArenaInput>([[me, { buttons: 0 }]]);
  watchKeyboard(window, (buttons) => inputs.set(me, { buttons }));
  const ticker = setInterval(() => {
    stepArena(mesh.local, inputs, DT);
    mesh.tick(performance.now());
  }, 1000 * DT);
  session.on("close", ({ code, reason }) => {
    clearInterval(ticker);
    stopListing();
    status.textContent = `out of the session: ${code} ${reason}`;
  });
  addEventListener("pagehide", () => session.leave());

  // Who is in the mesh changes a few times a session: read four times a second, not per frame
  // (mesh.peers() and the link list allocate), and the list redrawn only when it changed.
  const list = el("peers");
  let names = namesOf(session);
  let remotes: number[] = [];
  let shown = "";
  const refresh = () => {
    names = namesOf(session);
    remotes = mesh.peers().map((p) => p.peerId);
    const peers = peerViews(session, names);
    const key = JSON.stringify(peers);
    if (key === shown) return;
    shown = key;
    showPeers(list, { peerId: me, name }, peers);
  };
  refresh();
  const refresher = setInterval(refresh, 250);
  session.on("close", () => clearInterval(refresher));
  const where = { x: 0, y: 0 };
  const positionOf = (peerId: number) => {
    const world = peerId === me ? mesh.local : mesh.remote(peerId);
    return world && shipPosition(world, peerId, where) ? { x: where.x, y: where.y } : undefined;
  };
  const frame = () => {
    clearArena(ctx);
    drawShips(ctx, mesh.local, names, me);
    voice.draw(ctx, mesh.local, mesh.local.store(Ship));
    for (const peerId of remotes) {
      const mirror = mesh.remote(peerId);
      if (!mirror) continue;
      drawShips(ctx, mirror, names, me);
      voice.draw(ctx, mirror, mirror.store(Ship));
    }
    voice.chat.updatePositions(positionOf);
    if (!session.closed) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
} catch (e) {
  status.textContent = `could not join: ${e instanceof Error ? e.message : String(e)}`;
}
