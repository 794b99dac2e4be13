// The world's partition into zones, as the game module declares it: a grid of equal
// rectangles to start. Every point of the plane belongs to exactly one zone (points outside
// the grid are clamped to the edge zones, so a stray avatar is never homeless). Zone ids are
// strings ("column.row") rather than indices so that a hot zone can later be split into
// children ("2.3/0".."2.3/3") without renumbering its neighbours (docs/zones.md).

import type { ZoneGridOptions } from "../game/zone-declaration.js";

/** A zone's id: opaque to hosts (a Durable Object name is `${worldId}/${zoneId}`). */
export type ZoneId = string;

/** A zone's area: [minX, maxX) × [minY, maxY). */
export interface ZoneBounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** A grid partition of the world into zones. */
export class ZoneGrid {
  readonly options: ZoneGridOptions;
  /** Every zone, row by row. */
  readonly ids: readonly ZoneId[];

  /** @throws RangeError naming the field when the grid is empty or a size is not positive. */
  constructor(options: ZoneGridOptions) {
    const { zoneWidth, zoneHeight, columns, rows, originX, originY } = options;
    if (!(zoneWidth > 0)) throw new RangeError("zones.grid.zoneWidth must be > 0");
    if (!(zoneHeight > 0)) throw new RangeError("zones.grid.zoneHeight must be > 0");
    if (!Number.isInteger(columns) || columns < 1)
      throw new RangeError("zones.grid.columns must be an integer >= 1");
    if (!Number.isInteger(rows) || rows < 1)
      throw new RangeError("zones.grid.rows must be an integer >= 1");
    if (!Number.isFinite(originX) || !Number.isFinite(originY))
      throw new RangeError("zones.grid.origin must be finite");
    this.options = options;
    const ids: ZoneId[] = [];
    for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) ids.push(`${c}.${r}`);
    this.ids = ids;
  }

  /** The zone holding point (x, y); outside the grid, the nearest edge zone. */
  zoneAt(x: number, y: number): ZoneId {
    const { originX, originY, zoneWidth, zoneHeight, columns, rows } = this.options;
    const c = cellOf(x, originX, zoneWidth, columns);
    const r = cellOf(y, originY, zoneHeight, rows);
    return `${c}.${r}`;
  }

  /** Whether `id` names a zone of this grid. */
  has(id: ZoneId): boolean {
    return this.#cell(id) !== undefined;
  }

  /** The area of zone `id`. @throws RangeError for an id not in the grid. */
  bounds(id: ZoneId): ZoneBounds {
    const cell = this.#cell(id);
    if (!cell) throw new RangeError(`no zone ${id}`);
    const { originX, originY, zoneWidth, zoneHeight } = this.options;
    const minX = originX + cell[0] * zoneWidth;
    const minY = originY + cell[1] * zoneHeight;
    return { minX, minY, maxX: minX + zoneWidth, maxY: minY + zoneHeight };
  }

  /** The zones sharing an edge or a corner with `id` (up to 8). */
  neighbours(id: ZoneId): ZoneId[] {
    const cell = this.#cell(id);
    if (!cell) return [];
    const { columns, rows } = this.options;
    const out: ZoneId[] = [];
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) {
        const c = cell[0] + dc;
        const r = cell[1] + dr;
        if ((dc || dr) && c >= 0 && r >= 0 && c < columns && r < rows) out.push(`${c}.${r}`);
      }
    return out;
  }

  /**
   * Whether (x, y) lies within `distance` of zone `id`'s area (inside it, or in the band
   * around it): a zone's border entities are those within `border` of a neighbour.
   */
  near(id: ZoneId, x: number, y: number, distance: number): boolean {
    return this.distance(id, x, y) <= distance;
  }

  /** How far (x, y) is from zone `id`'s area: 0 inside it. */
  distance(id: ZoneId, x: number, y: number): number {
    const b = this.bounds(id);
    const dx = Math.max(b.minX - x, 0, x - b.maxX);
    const dy = Math.max(b.minY - y, 0, y - b.maxY);
    return Math.sqrt(dx * dx + dy * dy);
  }

  #cell(id: ZoneId): readonly [number, number] | undefined {
    const m = /^(\d+)\.(\d+)$/.exec(id);
    if (!m) return undefined;
    const c = Number(m[1]);
    const r = Number(m[2]);
    return c < this.options.columns && r < this.options.rows ? [c, r] : undefined;
  }
}

/**
 * The cell along one axis whose [min, max) holds `v`, clamped to [0, n). The division can
 * round across an edge (x = -5e-324 from origin -200, size 100 divides to exactly 2.0), so
 * the cell is checked against the same edge arithmetic `bounds` uses and nudged back.
 */
function cellOf(v: number, origin: number, size: number, n: number): number {
  let i = Math.floor((v - origin) / size);
  if (v < origin + i * size) i--;
  else if (v >= origin + (i + 1) * size) i++;
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}
