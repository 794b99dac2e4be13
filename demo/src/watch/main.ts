// The watch page: lists the arena's live rooms (session search) and watches one as a
// spectator with the client package's spectate(): no ship, no inputs, the room's state the
// room's spectator delay behind the game. Click a player's name to follow its ship (the
// camera centres on it at 2×), Roam for a free camera (arrow keys or WASD, + and −).
// `?room=` watches that room at once; `?name=` names the spectator.

import {
  createHttpClient,
  type LiveSession,
  roomUrl,
  type SpectatorConnection,
  spectate,
} from "@edgetick/client";
import { type ArenaInput, arenaGame, listShips, Ship } from "../../../games/arena/index.js";
import { Camera } from "../camera.js";
import { FollowList } from "../follow-list.js";
import { signInAsGuest } from "../guest-sign-in.js";
import { clearArena, drawShips } from "../render.js";
import type { WatchedState } from "./debug-handle.js";
import { SessionList } from "./session-list.js";

/** States kept for the debug handle: 20 s at 30 Hz. */
const HISTORY = 600;

const params = new URLSearchParams(location.search);
const name = params.get("name") ?? `watcher-${Math.floor(Math.random() * 9000 + 1000)}`;
const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = el("status");
const canvas = el<HTMLCanvasElement>("arena");
const ctx = canvas.getContext("2d")!;
const camera = new Camera(window);
const history: WatchedState[] = [];
let watching: SpectatorConnection<ArenaInput> | null = null;

const fail = (e: unknown) => {
  status.textContent = e instanceof Error ? e.message : String(e);
};

try {
  const http = createHttpClient({ baseUrl: location.origin });
  const session = await signInAsGuest(http, name);
  const list = new SessionList(http, el("sessions"), el("no-sessions"), (s) => void watch(s));
  window.edgetickWatch = {
    sessions: () => list.sessions,
    get connection() {
      return watching;
    },
    ships: () => (watching ? listShips(watching.world) : []),
    history: () => history,
    camera: () => camera.view,
  };
  const follow = new FollowList(el("players"), (playerId) => watching?.follow(playerId));
  el("roam").onclick = () => {
    watching?.follow(null);
    camera.roam();
  };
  el("back").onclick = () => location.assign("/watch.html");

  /** Watches `s`'s room: a spectator ticket for a ticket room, the access token otherwise. */
  const watch = async (s: Pick<LiveSession, "sessionId" | "access">) => {
    list.stop();
    el("list").hidden = true;
    el("watching").hidden = false;
    el("room-id").textContent = s.sessionId;
    status.textContent = `joining ${s.sessionId} as a spectator…`;
    try {
      const token =
        s.access === "ticket"
          ? (await http.createSpectatorTicket(s.sessionId)).ticket
          : session.accessToken;
      const conn = await spectate({
        url: roomUrl(location.origin, s.sessionId),
        game: arenaGame,
        name,
        token,
        // A public room takes the access token again; a ticket lives a minute.
        ...(s.access === "ticket" ? {} : { reconnectToken: () => session.accessToken }),
      });
      watching = conn;
      el("delay").textContent = `${(conn.delayMs / 1000).toFixed(1)} s`;
      status.textContent = `watching ${s.sessionId} as ${name}, ${conn.delayMs} ms behind`;
      conn.on("snapshot", ({ tick }) => {
        const at = performance.timeOrigin + performance.now();
        history.push({ tick, at, ships: listShips(conn.world) });
        if (history.length > HISTORY) history.shift();
      });
      conn.on("close", ({ code, reason }) => {
        status.textContent = `stopped watching: ${code} ${reason}`;
      });
      const frame = (now: number) => {
        const view = conn.render(now);
        const ships = view.store(Ship);
        const e = conn.followed;
        camera.update(now, e >= 0 ? { x: ships.pos.x[e]!, y: ships.pos.y[e]! } : undefined);
        camera.begin(ctx);
        clearArena(ctx);
        drawShips(ctx, conn.world, conn.players, conn.following ?? -1, ships);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        follow.show(conn.players, conn.following);
        el("tick").textContent = String(conn.tick);
        if (!conn.closed) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    } catch (e) {
      fail(e);
    }
  };

  const room = params.get("room");
  if (room !== null) {
    // Opened by link: the room's access is looked up (a public room needs no ticket).
    const info = await http.getRoom(room).catch(() => undefined);
    await watch({ sessionId: room, access: info?.access ?? "public" });
  } else {
    status.textContent = `signed in as ${name}: pick a room to watch`;
    list.start(fail);
  }
} catch (e) {
  fail(e);
}
