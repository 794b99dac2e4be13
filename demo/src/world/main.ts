// The world page: signs in as this tab's guest, joins a zoned world (`?world=`, default
// "demo"; `?name=` picks the name, which also picks where the avatar spawns) through
// /v1/worlds/:worldId/join, and walks the world game through the world client: one zone's
// link at a time, the next zone's opened ahead of a crossing and made current at the switch.
// The view follows the avatar over the zone borders; the minimap shows the 4×4 grid, the
// zone the player is in, the zone being connected ahead (a hand-off in progress) and the
// avatars the player sees. Arrows or WASD walk. When the world client ends (a zone refused
// a resume it could not honour) the page joins the world again by itself (world-rejoin.ts).
// The player's own avatar is predicted (drawn with its keys, not 100 ms behind); `?predict=0`
// draws it interpolated, as bench:zones measures it.

import {
  createHttpClient,
  resolveNetcodeOptions,
  WorldClient,
  webSocketTransport,
} from "@edgetick/client";
import {
  taggedAvatar,
  WALK,
  type WorldInput,
  walkerTag,
  worldGame,
} from "../../../games/world/index.js";
import { ZoneGrid } from "../../../shared/zones/zone-grid.js";
import { signInAsGuest, tabDeviceId } from "../guest-sign-in.js";
import { watchKeyboard } from "../keyboard.js";
import "./debug-handle.js";
import { FrameLog } from "./frame-log.js";
import { Minimap } from "./minimap.js";
import { type MinimapState, minimapState } from "./minimap-model.js";
import { type SeenAvatar, seenAvatars } from "./seen-avatars.js";
import { joinWorld, type ZonePlayers, zonePlayers } from "./world-api.js";
import { WorldRejoin } from "./world-rejoin.js";
import { drawWorld } from "./world-render.js";

/** Arrows or WASD: the four walking directions (two held walk diagonally). */
const WALK_KEYS: Readonly<Record<string, number>> = {
  ArrowUp: WALK.UP,
  KeyW: WALK.UP,
  ArrowDown: WALK.DOWN,
  KeyS: WALK.DOWN,
  ArrowLeft: WALK.LEFT,
  KeyA: WALK.LEFT,
  ArrowRight: WALK.RIGHT,
  KeyD: WALK.RIGHT,
};
/** How often the zones' player counts are read (zones report every 2 s). */
const PLAYERS_EVERY_MS = 2000;

const params = new URLSearchParams(location.search);
const worldId = params.get("world") ?? "demo";
// Walkers are told apart by name world-wide (their tag): a random default keeps tabs apart.
const name = params.get("name") ?? `walker-${Math.floor(Math.random() * 900_000 + 100_000)}`;
// docs/zones.md, "Prediction across a switch".
const predict = params.get("predict") !== "0";
const el = (id: string) => document.getElementById(id)!;
const status = el("status");
const canvas = el("world") as HTMLCanvasElement;
const ctx = canvas.getContext("2d")!;
const grid = new ZoneGrid(worldGame.zones.grid);
const map = new Minimap(el("minimap") as unknown as SVGSVGElement, el("zone-name"), grid);
el("world-id").textContent = worldId;

try {
  // This tab's guest: a zone seats one player per account, and each tab walks its own.
  const http = createHttpClient({ baseUrl: location.origin });
  const device = await tabDeviceId();
  const ws = location.origin.replace(/^http/, "ws");
  const tag = walkerTag(name);
  let walk = 0;
  // Signs in (again: a rejoin may come after the session expired), joins the world and starts
  // a world client on the zone and ticket the join answers.
  const enter = async (): Promise<WorldClient<WorldInput>> => {
    const session = await signInAsGuest(http, name, device);
    status.textContent = `joining world ${worldId}…`;
    const placement = await joinWorld(location.origin, worldId, name, session.accessToken);
    const client = new WorldClient<WorldInput>(worldGame, {
      sendRate: 30,
      maxInputsPerFrame: 8,
      pingIntervalMs: 1000,
      // A ghost never carries an owner id a player here holds (the world game's
      // zones.ghosted), so the predicate predicts the player's own avatar only.
      netcode: resolveNetcodeOptions({ prediction: { enabled: predict } }),
      name,
      clock: () => performance.now(),
      // The world client says HELLO on the socket with the join's or the neighbour's ticket.
      dial: (zone) =>
        webSocketTransport(`${ws}/v1/worlds/${encodeURIComponent(worldId)}/zones/${zone}/ws`),
      // Owner ids are per zone: the player's avatar is the one carrying its name's tag.
      avatarOf: (world) => taggedAvatar(world, tag),
    });
    client.start(placement.zoneId, placement.ticket);
    client.setInput({ walk });
    return client;
  };
  const world = new WorldRejoin(await enter(), {
    enter,
    ended: (c) => c.ended !== undefined,
    close: (c) => c.close(),
    later: (fn, ms) => setTimeout(fn, ms),
  });
  addEventListener("pagehide", () => world.client.close());
  watchKeyboard(
    window,
    (w) => {
      walk = w;
      world.client.setInput({ walk });
    },
    WALK_KEYS,
  );

  let players: ZonePlayers = new Map();
  const readPlayers = () =>
    zonePlayers(location.origin, worldId).then(
      (p) => {
        players = p;
      },
      // A missed read keeps the last counts: the next one comes in two seconds.
      () => {},
    );
  void readPlayers();
  setInterval(readPlayers, PLAYERS_EVERY_MS);

  const log = new FrameLog();
  let avatars: readonly SeenAvatar[] = [];
  let minimap: MinimapState | undefined;
  window.edgetickWorld = {
    get client() {
      return world.client;
    },
    worldId,
    name,
    tag,
    avatars: () => avatars,
    minimap: () => minimap,
    frames: log.frames,
    counts: log.counts,
  };
  // The world client has no timers: animation frames drive it, and this keeps its links
  // (pings, inputs) going while the tab is hidden and frames stop.
  setInterval(() => world.client.update(performance.now()), 100);
  // Walkers' names by tag: a zone's player list names the players it seats, and a name's tag
  // is walkerTag(name), so a ghost is named once its player was seen in a zone of ours.
  const names = new Map<number, string>([[tag, name]]);
  const learnNames = () => {
    for (const n of world.client.net?.session.players.values() ?? [])
      if (!names.has(walkerTag(n))) names.set(walkerTag(n), n);
  };
  let shown = "";
  const frame = () => {
    const now = performance.now();
    const rejoining = world.check();
    const client = world.client;
    client.update(now);
    client.render(now);
    const { world: mirror, view, zone, nextZone: next } = client;
    avatars = mirror && view && zone ? seenAvatars(mirror, view, grid, zone, tag) : [];
    learnNames();
    drawWorld(ctx, { grid, border: worldGame.zones.border, current: zone, next, avatars, names });
    minimap = minimapState(grid, zone, next, avatars, players);
    map.show(minimap);
    log.record(now, zone, next, avatars);
    const n = client.handoffs;
    const back = world.rejoins > 0 ? ` · rejoined ${world.rejoins}×` : "";
    const failed =
      world.failures > 0 ? ` (${world.failures} failed: ${String(world.lastError)})` : "";
    // A zone refuses a resume it cannot honour (its object restarted without the player):
    // the world goes on for this player only through a new join (placement).
    const text = rejoining
      ? `out of the world: ${client.ended?.code} ${client.ended?.reason} · rejoining${failed}`
      : `walking world ${worldId} as ${name} · ${n} hand-off${n === 1 ? "" : "s"}${back}`;
    if (text !== shown) status.textContent = shown = text;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
} catch (e) {
  status.textContent = `could not join: ${e instanceof Error ? e.message : String(e)}`;
}
