// The replay viewer: lists recorded arena matches (GET /v1/replays, all or only the guest's
// own), and plays one with the client package's ReplayPlayer through the same interpolation
// and render path as live play: a timeline that seeks, play/pause, speed 0.25×–8×, and a
// camera that follows a player's ship (click a name) or roams (arrow keys or WASD, + and −).
// `?replay=` opens that replay at once; `?mine=1` lists only the guest's own matches.

import { createHttpClient, openReplay, type ReplayPlayer } from "@edgetick/client";
import { type ArenaInput, arenaGame, listShips, Ship } from "../../../games/arena/index.js";
import { Camera } from "../camera.js";
import { FollowList } from "../follow-list.js";
import { signInAsGuest } from "../guest-sign-in.js";
import { clearArena, drawShips } from "../render.js";
import { ReplayList } from "./replay-list.js";
import { Timeline } from "./timeline.js";

const params = new URLSearchParams(location.search);
const name = params.get("name") ?? `viewer-${Math.floor(Math.random() * 9000 + 1000)}`;
const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = el("status");
const canvas = el<HTMLCanvasElement>("arena");
const ctx = canvas.getContext("2d")!;
const camera = new Camera(window);
let player: ReplayPlayer<ArenaInput> | null = null;
let timeline: Timeline | null = null;
let lastError: string | null = null;

const fail = (e: unknown) => {
  lastError = e instanceof Error ? e.message : String(e);
  status.textContent = lastError;
};

try {
  const http = createHttpClient({ baseUrl: location.origin });
  await signInAsGuest(http, name);
  const mine = el<HTMLInputElement>("mine");
  mine.checked = params.get("mine") === "1";
  const list = new ReplayList(
    http,
    { body: el("replays"), empty: el("no-replays"), mine },
    (r) => void open(r.replayId),
  );
  window.edgetickReplay = {
    replays: () => list.replays,
    get player() {
      return player;
    },
    state: () =>
      player && {
        time: player.time,
        duration: player.duration,
        tick: player.tick,
        playing: player.playing,
        speed: player.speed,
        buffering: player.buffering,
        following: player.following,
        seeks: timeline?.seeks ?? 0,
      },
    ships: () => (player ? listShips(player.world) : []),
    seek: (ms) => (timeline ? timeline.seek(ms) : Promise.reject(new Error("no replay open"))),
    camera: () => camera.view,
    error: () => lastError,
  };
  const follow = new FollowList(el("players"), (playerId) => player?.follow(playerId));
  el("roam").onclick = () => {
    player?.follow(null);
    camera.roam();
  };
  el("back").onclick = () => location.assign(`/replays.html${mine.checked ? "?mine=1" : ""}`);

  /** Opens replay `id`: its manifest, then chunks as playback needs them. */
  const open = async (id: string) => {
    list.stop();
    el("list").hidden = true;
    el("viewer").hidden = false;
    el("replay-id").textContent = id;
    status.textContent = `loading ${id}…`;
    try {
      // The manifest (refused for another game or schema), then chunks through the client.
      const replay = await openReplay(http, id, arenaGame);
      player = replay;
      replay.on("error", (e) => fail(e));
      replay.on("ended", () => {
        status.textContent = `${id}: the end`;
      });
      timeline = new Timeline(el("viewer"), replay, fail);
      await timeline.seek(0);
      status.textContent = `${id}: ${(replay.duration / 1000).toFixed(1)} s, ${replay.players.size} players`;
      replay.play();
      const frame = (now: number) => {
        const view = replay.render(now);
        const ships = view.store(Ship);
        const e = replay.followed;
        camera.update(now, e >= 0 ? { x: ships.pos.x[e]!, y: ships.pos.y[e]! } : undefined);
        camera.begin(ctx);
        clearArena(ctx);
        drawShips(ctx, replay.world, replay.players, replay.following ?? -1, ships);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        follow.show(replay.players, replay.following);
        timeline?.draw();
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    } catch (e) {
      fail(e);
    }
  };

  const id = params.get("replay");
  if (id !== null) await open(id);
  else {
    status.textContent = `signed in as ${name}: pick a replay`;
    list.start(fail);
  }
} catch (e) {
  fail(e);
}
