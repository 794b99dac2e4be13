// The arena's weapon: Space (or F) calls `fire` along the own ship's heading with the tick this
// page is drawing the others at (`netcode.renderTick`), so the room judges the shot against
// the ships as this screen showed them. Every `shot` event draws a tracer and, on a hit, a
// flash on the ship hit, and counts the shooter's hits for the player list. The page fires no
// faster than the weapon (ARENA_WEAPON.perSecond): an honest client never sends a shot the
// room's fair play would refuse and count against it. A refused call shows its reason in the
// status line.

import type { RoomConnection, StoreOf, World } from "@edgetick/client";
import {
  ARENA_RPCS,
  ARENA_WEAPON,
  aimToWire,
  SHIP_RADIUS,
  SHOT_MISSED,
  Ship,
  shipOf,
  viewTickToWire,
} from "../../games/arena/index.js";

const KEYS = ["Space", "KeyF"];
/** How long a tracer and a hit flash show, from the first frame that draws them, ms. */
const SHOW_MS = 250;
/** Shots the page remembers (for the debug handle); older ones are forgotten. */
const KEEP = 32;

/** A shot as the page received it. */
export interface SeenShot {
  readonly shooter: number;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** The hit ship's player, or SHOT_MISSED. */
  readonly target: number;
  /** True once a frame has drawn its tracer. */
  readonly drawn: boolean;
}

/** What {@link watchShots} hands the page. */
export interface ShotsView {
  /** Draws the live tracers and hit flashes over the ships `view` places. */
  draw(ctx: CanvasRenderingContext2D, world: World, view: StoreOf<typeof Ship.schema>): void;
  /** Hits scored by each player since this page joined. */
  readonly hits: ReadonlyMap<number, number>;
  /** The last shots received, oldest first. */
  shots(): SeenShot[];
}

/** Wires the fire keys and the `shot` events; `onHit` runs after a hit changed the tally. */
export function watchShots<Input>(
  target: Window,
  room: RoomConnection<Input>,
  status: HTMLElement,
  onHit: () => void,
): ShotsView {
  const rpc = room.rpc(ARENA_RPCS);
  const hits = new Map<number, number>();
  /** Received shots; `shownAt` is set by the first frame that draws one. */
  const seen: (Omit<SeenShot, "drawn"> & { shownAt: number | undefined })[] = [];
  rpc.on("shot", (shot) => {
    seen.push({ ...shot, shownAt: undefined });
    if (seen.length > KEEP) seen.shift();
    if (shot.target !== SHOT_MISSED) {
      hits.set(shot.shooter, (hits.get(shot.shooter) ?? 0) + 1);
      onHit();
    }
  });
  let lastShotAt = Number.NEGATIVE_INFINITY;
  target.addEventListener("keydown", (e) => {
    if (!KEYS.includes(e.code)) return;
    e.preventDefault(); // Space would scroll the page
    if (e.repeat) return;
    // The weapon is not ready yet: the key press is dropped here, not refused by the room.
    const at = performance.now();
    if (at - lastShotAt < 1000 / ARENA_WEAPON.perSecond) return;
    const renderTick = room.netcode.renderTick;
    const own = shipOf(room.world, room.playerId);
    if (Number.isNaN(renderTick) || own < 0) return; // nothing drawn yet
    const heading = room.view.store(Ship).heading[own]!;
    lastShotAt = at;
    rpc
      .call("fire", { viewTick: viewTickToWire(renderTick), aim: aimToWire(heading) })
      .catch((err: unknown) => {
        status.textContent = `shot refused: ${err instanceof Error ? err.message : String(err)}`;
      });
  });
  const draw = (ctx: CanvasRenderingContext2D, world: World, view: StoreOf<typeof Ship.schema>) => {
    const now = performance.now();
    ctx.save();
    for (const shot of seen) {
      shot.shownAt ??= now;
      const age = (now - shot.shownAt) / SHOW_MS;
      if (age >= 1) continue;
      ctx.globalAlpha = 1 - age;
      ctx.strokeStyle = "#ffd166";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(shot.x0, shot.y0);
      ctx.lineTo(shot.x1, shot.y1);
      ctx.stroke();
      const hit = shot.target === SHOT_MISSED ? -1 : shipOf(world, shot.target);
      if (hit < 0) continue;
      // The flash rings the ship as drawn now: it was knocked back along the shot.
      ctx.strokeStyle = "#ff5d5d";
      ctx.lineWidth = 4;
      ctx.beginPath();
      ctx.arc(view.pos.x[hit]!, view.pos.y[hit]!, SHIP_RADIUS * (1.2 + age), 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.restore();
  };
  const shots = () =>
    seen.map(({ shownAt, ...shot }) => ({ ...shot, drawn: shownAt !== undefined }));
  return { draw, hits, shots };
}
