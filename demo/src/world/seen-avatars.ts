// What the world page sees in a frame: every avatar in the current zone's mirror (its own
// avatars and its ghosts of the neighbours' border avatars) where the rendered view puts it,
// marked as the player's own (by its world-wide tag: owner ids are per zone) or as standing
// in another zone's area (across the border: a neighbour's avatar this zone shows as a ghost).

import type { RenderView, World } from "@edgetick/client";
import { Avatar, collectAvatars } from "../../../games/world/index.js";
import type { ZoneGrid } from "../../../shared/zones/zone-grid.js";

/** One avatar as the page draws it. */
export interface SeenAvatar {
  /** The walker's world-wide tag (walkerTag of its name). */
  readonly tag: number;
  /** Rendered position, world units. */
  readonly x: number;
  readonly y: number;
  /** The player's own avatar. */
  readonly me: boolean;
  /**
   * Another player's avatar standing outside the current zone's area: a ghost its zone
   * receives from a neighbour (an avatar within the hand-off margin past the edge may still
   * be the zone's own; the page draws both as across the border).
   */
  readonly ghost: boolean;
  /** The zone whose area it stands in. */
  readonly zone: string;
}

/**
 * The avatars of the mirror `world`, at the positions of `view` (rendered: interpolated),
 * seen from zone `current`; `myTag` picks out the player's own avatar (it allocates: a page
 * draws a few dozen avatars).
 */
export function seenAvatars(
  world: World,
  view: RenderView,
  grid: ZoneGrid,
  current: string,
  myTag: number,
): SeenAvatar[] {
  const s = view.store(Avatar);
  const q = collectAvatars(world);
  const out: SeenAvatar[] = [];
  for (let i = 0; i < q.count; i++) {
    const e = q.entities[i]!;
    const tag = s.tag[e]!;
    const x = s.pos.x[e]!;
    const y = s.pos.y[e]!;
    const zone = grid.zoneAt(x, y);
    const me = tag === myTag;
    out.push({ tag, x, y, me, ghost: !me && zone !== current, zone });
  }
  return out;
}
