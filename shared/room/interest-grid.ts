// A uniform spatial grid over entity positions, kept up to date incrementally: an entity that
// moves within its cell costs a compare, one that crosses a cell boundary an O(1) unlink and
// relink. A radius query visits only the cells its circle overlaps, so a viewer's cost
// follows what is near it, not how many entities the room holds. Queries read a packed copy
// (ids and positions sorted by cell, contiguous), rebuilt by a counting sort at the first
// query after a change: a room moves its entities once per tick and then queries once per
// player, and a sequential scan beats chasing list links across the arrays many times over.

import type { EntitySet } from "../world/entity-set.js";
import { CellLists, NONE } from "./cell-lists.js";
import {
  AT_FAR_Y2,
  AT_NEAR_Y2,
  AT_R2,
  AT_X,
  AT_Y,
  addRowAccepted,
  addRowInRange,
  type PackedCells,
  type RowQuery,
} from "./grid-rows.js";

/** Shape of an {@link InterestGrid}. Positions outside the bounds clamp to the edge cells. */
export interface InterestGridOptions {
  /** Entity ids are in [0, capacity). */
  readonly capacity: number;
  /** Left edge, units. @default 0 */
  readonly minX?: number;
  /** Top edge, units. @default 0 */
  readonly minY?: number;
  /** Width of the covered area, units (> 0). */
  readonly width: number;
  /** Height of the covered area, units (> 0). */
  readonly height: number;
  /**
   * Side of a cell, units. A quarter of the usual interest radius or so: a query then
   * visits the cells its circle overlaps (those wholly outside are skipped unvisited, those
   * wholly inside taken without a distance test), so it examines little beyond what is in
   * range.
   */
  readonly cellSize: number;
}

/** Cells per side above this would waste memory on empty heads; raise cellSize instead. */
const MAX_CELLS = 1 << 20;

/**
 * @example
 * const grid = new InterestGrid({ capacity: 1024, width: 2000, height: 2000, cellSize: 300 });
 * grid.move(e, 120, 80);            // insert or move
 * grid.query(100, 100, 300, visible); // adds every entity within 300 units
 * grid.remove(e);
 */
export class InterestGrid {
  readonly capacity: number;
  readonly #minX: number;
  readonly #minY: number;
  readonly #cell: number;
  readonly #cols: number;
  readonly #rows: number;
  /** Which cell each entity is in (a list per cell). */
  readonly #lists: CellLists;
  readonly #x: Float64Array;
  readonly #y: Float64Array;
  #size = 0;
  /** The packed copy: cell k's entities are ids/x/y[start[k] .. start[k + 1]). */
  readonly #cells: PackedCells;
  /** True when an entity moved, came or went since the packed copy was built. */
  #stale = true;
  /** {@link query}'s point, reused. */
  readonly #at = { x: 0, y: 0 };
  /**
   * The query being run: per column, the squared distance from its x to the column's span
   * (0 inside) and to its farther edge. The same for every row, so computed once per query,
   * not once per cell.
   */
  readonly #rowQuery: RowQuery;

  /** @throws naming the bad field. */
  constructor(options: InterestGridOptions) {
    const { capacity, width, height, cellSize } = options;
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError("interestGrid.capacity must be a positive integer");
    if (!(width > 0) || !(height > 0))
      throw new RangeError("interestGrid.width and height must be > 0");
    if (!(cellSize > 0)) throw new RangeError("interestGrid.cellSize must be > 0");
    this.capacity = capacity;
    this.#minX = options.minX ?? 0;
    this.#minY = options.minY ?? 0;
    this.#cell = cellSize;
    this.#cols = Math.max(1, Math.ceil(width / cellSize));
    this.#rows = Math.max(1, Math.ceil(height / cellSize));
    if (this.#cols * this.#rows > MAX_CELLS)
      throw new RangeError(`interestGrid: more than ${MAX_CELLS} cells; raise cellSize`);
    this.#lists = new CellLists(capacity, this.#cols * this.#rows);
    this.#x = new Float64Array(capacity);
    this.#y = new Float64Array(capacity);
    this.#cells = {
      start: new Int32Array(this.#cols * this.#rows + 1),
      ids: new Int32Array(capacity),
      x: new Float64Array(capacity),
      y: new Float64Array(capacity),
      cols: this.#cols,
    };
    this.#rowQuery = {
      at: new Float64Array(5),
      c0: 0,
      c1: 0,
      k0: 0,
      w0: 0,
      w1: 0,
      k1: 0,
      nearX2: new Float64Array(this.#cols),
      farX2: new Float64Array(this.#cols),
    };
  }

  /** Entities in the grid. */
  get size(): number {
    return this.#size;
  }

  /** True when `entity` is in the grid. */
  has(entity: number): boolean {
    return entity >= 0 && entity < this.capacity && this.#lists.cellOf[entity] !== NONE;
  }

  /** Puts `entity` at (x, y): inserts it, or moves it (relinking only across cells). */
  move(entity: number, x: number, y: number): void {
    this.#stale = true;
    this.#x[entity] = x;
    this.#y[entity] = y;
    const cell = this.#cellAt(x, y);
    const lists = this.#lists;
    const was = lists.cellOf[entity]!;
    if (was === cell) return;
    if (was !== NONE) lists.unlink(entity, was);
    else this.#size++;
    lists.link(entity, cell);
  }

  /** Takes `entity` out of the grid (no-op when absent). */
  remove(entity: number): void {
    const lists = this.#lists;
    const was = lists.cellOf[entity];
    if (was === undefined || was === NONE) return;
    this.#stale = true;
    lists.unlink(entity, was);
    lists.cellOf[entity] = NONE;
    this.#size--;
  }

  /** The position `entity` was last put at (x), for callers that detect motion. */
  x(entity: number): number {
    return this.#x[entity]!;
  }

  /** The position `entity` was last put at (y). */
  y(entity: number): number {
    return this.#y[entity]!;
  }

  /**
   * Adds to `out` every entity at distance ≤ `radius` from (x, y) for which `accept` (when
   * given) is true. Returns how many entities were examined (the query's cost).
   */
  query(
    x: number,
    y: number,
    radius: number,
    out: EntitySet,
    accept?: (entity: number) => boolean,
  ): number {
    const at = this.#at;
    at.x = x;
    at.y = y;
    return this.queryAround(at, radius, out, accept);
  }

  /**
   * {@link query} from a point held in an object: the room's per-player path, which passes
   * its viewpoint as it is (V8 boxes a fractional double passed to a call it does not
   * inline, so coordinates as arguments would allocate on every query).
   */
  queryAround(
    point: { readonly x: number; readonly y: number },
    radius: number,
    out: EntitySet,
    accept?: (entity: number) => boolean,
  ): number {
    const x = point.x;
    const y = point.y;
    if (!(radius >= 0)) return 0;
    // clamp∘floor is monotone, so the clamped box holds the cell of every entity in range.
    const c0 = this.#col(x - radius);
    const c1 = this.#col(x + radius);
    const r0 = this.#row(y - radius);
    const r1 = this.#row(y + radius);
    const r2 = radius * radius;
    if (this.#stale) this.#pack();
    const cell = this.#cell;
    const cols = this.#cols;
    // Cell edges are only where the grid says; an edge cell also holds the positions clamped
    // into it, so only interior edges bound what a cell can hold.
    const lastCol = cols - 1;
    const lastRow = this.#rows - 1;
    const { nearX2, farX2 } = this.#rowQuery;
    for (let c = c0; c <= c1; c++) {
      const left = c === 0 ? Number.NEGATIVE_INFINITY : this.#minX + c * cell;
      const right = c === lastCol ? Number.POSITIVE_INFINITY : this.#minX + (c + 1) * cell;
      const nearX = x < left ? left - x : x > right ? x - right : 0;
      // The farther edge: max(|x − left|, |right − x|), which is max(x − left, right − x)
      // (the one that is negative is the smaller).
      // biome-ignore lint/complexity/useMathMinMax: Math.max is a builtin call, which boxes its double arguments wherever V8 does not inline it (a query per player per tick).
      const farX = x - left > right - x ? x - left : right - x;
      nearX2[c] = nearX * nearX;
      farX2[c] = farX * farX;
    }
    const q = this.#rowQuery;
    q.at[AT_X] = x;
    q.at[AT_Y] = y;
    q.at[AT_R2] = r2;
    q.c0 = c0;
    q.c1 = c1;
    // The usual case (no game predicate, every id fits the set): the bits set directly.
    const direct = accept === undefined && out.capacity >= this.capacity;
    const cells = this.#cells;
    let examined = 0;
    for (let r = r0; r <= r1; r++) {
      // The row's vertical span, and the viewpoint's distance to it (0 inside).
      const top = r === 0 ? Number.NEGATIVE_INFINITY : this.#minY + r * cell;
      const bottom = r === lastRow ? Number.POSITIVE_INFINITY : this.#minY + (r + 1) * cell;
      const nearY = y < top ? top - y : y > bottom ? y - bottom : 0;
      // biome-ignore lint/complexity/useMathMinMax: as farX's above.
      const farY = y - top > bottom - y ? y - top : bottom - y;
      q.at[AT_NEAR_Y2] = nearY * nearY;
      q.at[AT_FAR_Y2] = farY * farY;
      examined += direct
        ? addRowInRange(cells, q, r, out.words)
        : addRowAccepted(cells, q, r, out, accept);
    }
    return examined;
  }

  /** Rebuilds the packed copy from the cell lists: O(cells + entities). */
  #pack(): void {
    this.#lists.pack(this.#x, this.#y, this.#cells);
    this.#stale = false;
  }

  #col(x: number): number {
    const c = Math.floor((x - this.#minX) / this.#cell);
    return c < 0 ? 0 : c >= this.#cols ? this.#cols - 1 : c;
  }

  #row(y: number): number {
    const r = Math.floor((y - this.#minY) / this.#cell);
    return r < 0 ? 0 : r >= this.#rows ? this.#rows - 1 : r;
  }

  #cellAt(x: number, y: number): number {
    // NaN positions land in cell 0 rather than corrupting the lists.
    const c = this.#col(x) | 0;
    const r = this.#row(y) | 0;
    return r * this.#cols + c;
  }
}
