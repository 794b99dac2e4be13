// Lag-compensated hit queries: a shot is judged against the world as its shooter saw it.
// A client draws others `interpolation delay` behind the newest state it received, which was
// already half a round trip old; it says which moment it drew (its view tick, fractional)
// with the shot, and the room rewinds the hittable entities to that moment (PoseHistory).
// Policy, documented in docs/fair-play.md:
// - A view tick newer than the newest tick the shooter has acknowledged receiving is clamped
//   to it (nobody sees the future); one older than `maxRewindTicks` behind the room is judged
//   at the cap (`capped`): a very late client's shots are not honoured far into the past.
// - A target that existed at the view tick is hit where it was then, even if it has since
//   moved behind cover or died ("favour the shooter", as Source and Photon Fusion do); whether
//   a hit on a now-dead target still does anything is the game's call. One that did not exist
//   then cannot be hit. Static cover is the game's to test along the returned ray segment.

import type { PoseHistory } from "./pose-history.js";

/** One hit of a ray. */
export interface RayHit {
  readonly entity: number;
  /** Distance from the origin to where the ray enters the hitbox. */
  readonly distance: number;
}

/** The moment a shot is judged at, after the policy's clamps. */
export interface JudgedTick {
  /** The (fractional) tick the world was rewound to. */
  readonly tick: number;
  /** True when the shooter's view was older than the maximum rewind. */
  readonly capped: boolean;
}

/**
 * The moment to judge a shot at: the shooter's `viewTick`, no newer than `ackedTick` (the
 * newest tick it has acknowledged) and no older than `nowTick − maxRewindTicks`.
 */
export function judgedTick(
  viewTick: number,
  ackedTick: number,
  nowTick: number,
  maxRewindTicks: number,
): JudgedTick {
  const oldest = nowTick - maxRewindTicks;
  const seen = Number.isFinite(viewTick) ? Math.min(viewTick, ackedTick, nowTick) : nowTick;
  return seen < oldest ? { tick: oldest, capped: true } : { tick: seen, capped: false };
}

/**
 * The distance along a ray from (ox, oy) in unit direction (dx, dy) to where it enters the
 * circle (cx, cy, r), or undefined when it misses within `maxDistance`. An origin inside the
 * circle hits at distance 0.
 */
export function rayCircle(
  ox: number,
  oy: number,
  dx: number,
  dy: number,
  maxDistance: number,
  cx: number,
  cy: number,
  r: number,
): number | undefined {
  const mx = ox - cx;
  const my = oy - cy;
  const c = mx * mx + my * my - r * r;
  if (c <= 0) return 0;
  const b = mx * dx + my * dy;
  if (b > 0) return undefined; // pointing away
  const disc = b * b - c;
  if (disc < 0) return undefined;
  const t = -b - Math.sqrt(disc);
  return t <= maxDistance ? t : undefined;
}

/** Hit queries against the rewound world of one room. */
export class LagCompensation {
  readonly #history: PoseHistory;
  readonly maxRewindTicks: number;

  /** @param maxRewindTicks the longest rewind honoured; the history must hold at least one more tick */
  constructor(history: PoseHistory, maxRewindTicks: number) {
    if (maxRewindTicks > history.windowTicks - 2)
      throw new RangeError(
        `maxRewindTicks ${maxRewindTicks} needs a history of ${maxRewindTicks + 2} ticks`,
      );
    this.#history = history;
    this.maxRewindTicks = maxRewindTicks;
  }

  /**
   * The nearest entity a ray from (ox, oy) along (dx, dy) (any length; normalized here) hits
   * within `maxDistance` in the world at `tick`, skipping `ignore` (the shooter); undefined
   * when it hits none.
   */
  raycast(
    tick: number,
    ox: number,
    oy: number,
    dx: number,
    dy: number,
    maxDistance: number,
    ignore = -1,
  ): RayHit | undefined {
    const len = Math.hypot(dx, dy);
    if (!(len > 0)) return undefined;
    const ux = dx / len;
    const uy = dy / len;
    let best: RayHit | undefined;
    this.#history.entitiesAt(Math.floor(tick), (entity) => {
      if (entity === ignore) return;
      const pose = this.#history.poseAt(entity, tick);
      if (!pose) return;
      const d = rayCircle(ox, oy, ux, uy, maxDistance, pose.x, pose.y, pose.radius);
      if (d !== undefined && (!best || d < best.distance)) best = { entity, distance: d };
    });
    return best;
  }

  /** Every entity whose hitbox overlaps the circle (cx, cy, radius) in the world at `tick`. */
  overlapCircle(tick: number, cx: number, cy: number, radius: number, ignore = -1): number[] {
    const out: number[] = [];
    this.#history.entitiesAt(Math.floor(tick), (entity) => {
      if (entity === ignore) return;
      const pose = this.#history.poseAt(entity, tick);
      if (pose && Math.hypot(pose.x - cx, pose.y - cy) <= pose.radius + radius) out.push(entity);
    });
    return out;
  }

  /** Every entity whose hitbox overlaps the box [minX, maxX] × [minY, maxY] in the world at `tick`. */
  overlapBox(
    tick: number,
    minX: number,
    minY: number,
    maxX: number,
    maxY: number,
    ignore = -1,
  ): number[] {
    const out: number[] = [];
    this.#history.entitiesAt(Math.floor(tick), (entity) => {
      if (entity === ignore) return;
      const pose = this.#history.poseAt(entity, tick);
      if (!pose) return;
      const nx = Math.min(Math.max(pose.x, minX), maxX);
      const ny = Math.min(Math.max(pose.y, minY), maxY);
      if (Math.hypot(pose.x - nx, pose.y - ny) <= pose.radius) out.push(entity);
    });
    return out;
  }
}
