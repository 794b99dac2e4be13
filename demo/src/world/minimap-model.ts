// What the world page's minimap shows, as plain values: every zone of the grid (the one the
// player is in highlighted, the one its client is connecting ahead of a crossing marked as
// the hand-off in progress, each with its players from the zones' load reports), the avatars
// the player sees as dots, and the caption naming where the player is.

import type { ZoneGrid, ZoneId } from "../../../shared/zones/zone-grid.js";
import type { SeenAvatar } from "./seen-avatars.js";
import type { ZonePlayers } from "./world-api.js";

/** One zone's cell on the minimap, in world units. */
export interface MinimapZone {
  readonly id: ZoneId;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** The player is here: its client's current link is this zone's. */
  readonly current: boolean;
  /** A hand-off in progress: the client has this zone's link open ahead of the crossing. */
  readonly next: boolean;
  /** Players in its last load report (undefined: it has not reported). */
  readonly players: number | undefined;
}

/** One avatar as a minimap dot. */
export interface MinimapDot {
  readonly x: number;
  readonly y: number;
  readonly me: boolean;
  /** Standing in another zone's area (seen across the border). */
  readonly ghost: boolean;
}

/** Everything the minimap draws. */
export interface MinimapState {
  readonly zones: readonly MinimapZone[];
  readonly dots: readonly MinimapDot[];
  readonly current: ZoneId | undefined;
  readonly next: ZoneId | undefined;
  /** Where the player is, in words ("zone 1.2", "zone 1.2 → 2.2 (handing off)"). */
  readonly caption: string;
}

/**
 * The minimap of `grid` for a client in zone `current` (undefined while connecting) with the
 * next zone's link open when `next` is set, seeing `avatars`, with the zones' `players`.
 */
export function minimapState(
  grid: ZoneGrid,
  current: ZoneId | undefined,
  next: ZoneId | undefined,
  avatars: readonly SeenAvatar[],
  players: ZonePlayers,
): MinimapState {
  const zones = grid.ids.map((id) => ({
    id,
    ...grid.bounds(id),
    current: id === current,
    next: id === next,
    players: players.get(id),
  }));
  const dots = avatars.map(({ x, y, me, ghost }) => ({ x, y, me, ghost }));
  return { zones, dots, current, next, caption: captionOf(current, next) };
}

function captionOf(current: ZoneId | undefined, next: ZoneId | undefined): string {
  if (current === undefined) return "entering the world…";
  return next === undefined ? `zone ${current}` : `zone ${current} → ${next} (handing off)`;
}
