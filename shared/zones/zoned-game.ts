// A game's zone declaration (GameDefinition.zones, shared/game/zone-declaration.ts: its grid,
// the band along a shared edge, the hysteresis past it, and the few facts only the game
// knows), resolved: defaults applied, ranges checked, the grid built.

import type { ZoneDeclaration } from "../game/zone-declaration.js";
import { ZoneGrid } from "./zone-grid.js";

export type { ZoneDeclaration, ZonedGame } from "../game/zone-declaration.js";

/** A declaration with its defaults applied and its grid built. */
export interface ResolvedZones extends Required<Omit<ZoneDeclaration, "adoptAvatar" | "ghosted">> {
  readonly partition: ZoneGrid;
  readonly adoptAvatar: ZoneDeclaration["adoptAvatar"];
  readonly ghosted: ZoneDeclaration["ghosted"];
}

/** @throws RangeError naming the field that is out of range. */
export function resolveZones(decl: ZoneDeclaration): ResolvedZones {
  const partition = new ZoneGrid(decl.grid);
  const ghostEveryTicks = decl.ghostEveryTicks ?? 3;
  const ticketTtlMs = decl.ticketTtlMs ?? 5000;
  if (!(decl.border > 0)) throw new RangeError("zones.border must be > 0");
  if (!(decl.handoffMargin >= 0 && decl.handoffMargin < decl.border))
    throw new RangeError("zones.handoffMargin must be >= 0 and < zones.border");
  if (decl.border * 2 > Math.min(decl.grid.zoneWidth, decl.grid.zoneHeight))
    throw new RangeError("zones.border must be at most half a zone's width and height");
  if (!Number.isInteger(ghostEveryTicks) || ghostEveryTicks < 1)
    throw new RangeError("zones.ghostEveryTicks must be an integer >= 1");
  if (!(ticketTtlMs > 0)) throw new RangeError("zones.ticketTtlMs must be > 0");
  return {
    ...decl,
    partition,
    ghostEveryTicks,
    ticketTtlMs,
    adoptAvatar: decl.adoptAvatar,
    ghosted: decl.ghosted,
  };
}
