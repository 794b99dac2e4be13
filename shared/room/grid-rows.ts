import type { EntitySet } from "../world/entity-set.js";

// The interest grid's radius query, one row of cells at a time. Along a row the cells a circle overlaps are one run of columns, the cells wholly
// inside it one run within that, and a row's cells are contiguous in the grid's packed copy
// (sorted by cell, row-major), so a row is at most three loops over packed entities: the
// partial cells left of the whole run, the whole run (every entity in range, no distance
// computed), and the partial cells right of it. Per query that is a few loops per row rather
// than a loop per cell (~60 at a quarter-radius cell), and the loops are long enough for the
// branch predictor to learn their ends.

/** The grid's packed copy: cell k's entities are ids/x/y[start[k] .. start[k + 1]). */
export interface PackedCells {
  readonly start: Int32Array;
  readonly ids: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Cells per row. */
  readonly cols: number;
}

/** Slots of {@link RowQuery.at}. */
export const AT_X = 0;
export const AT_Y = 1;
export const AT_R2 = 2;
/** The row being added: its squared vertical distances, to its span (0 inside) and far edge. */
export const AT_NEAR_Y2 = 3;
export const AT_FAR_Y2 = 4;

/** One query's shape: its viewpoint, radius², column range and per-column distances². */
export interface RowQuery {
  /**
   * The viewpoint's x and y, the radius² and the row's distances² (slots AT_*): doubles in a
   * typed array, not object fields or arguments, which V8 boxes on every store in its lower
   * tiers and on every call it does not inline (several a query, a query per player a tick).
   */
  readonly at: Float64Array;
  c0: number;
  c1: number;
  /** The last row's runs ({@link rowRuns}): packed [k0, w0) and [w1, k1) partial, [w0, w1) whole. */
  k0: number;
  w0: number;
  w1: number;
  k1: number;
  /** Per column: squared distance from x to the column's span (0 inside) and its far edge. */
  readonly nearX2: Float64Array;
  readonly farX2: Float64Array;
}

/**
 * Finds row `row`'s runs of packed entities into `q` (k0, w0, w1, k1), given the row's squared
 * vertical distances in `q.at`; returns how many entities the query examines in the row.
 */
function rowRuns(cells: PackedCells, q: RowQuery, row: number): number {
  const nearX2 = q.nearX2;
  const farX2 = q.farX2;
  // Columns the circle overlaps in this row (nearX2 grows away from the viewpoint's column,
  // so they are one run), then those wholly inside it (farX2 too: one run within).
  const near = q.at[AT_R2]! - q.at[AT_NEAR_Y2]!;
  let cl = q.c0;
  while (cl <= q.c1 && nearX2[cl]! > near) cl++;
  let cr = q.c1;
  while (cr >= cl && nearX2[cr]! > near) cr--;
  if (cl > cr) {
    q.k0 = q.w0 = q.w1 = q.k1 = 0;
    return 0;
  }
  const far = q.at[AT_R2]! - q.at[AT_FAR_Y2]!;
  let wl = cl;
  while (wl <= cr && farX2[wl]! > far) wl++;
  let wr = cr;
  while (wr >= wl && farX2[wr]! > far) wr--;
  const base = row * cells.cols;
  const start = cells.start;
  q.k0 = start[base + cl]!;
  q.k1 = start[base + cr + 1]!;
  // No whole cell: an empty whole run at the partial run's end.
  q.w0 = wl > wr ? q.k1 : start[base + wl]!;
  q.w1 = wl > wr ? q.k1 : start[base + wr + 1]!;
  return q.k1 - q.k0;
}

/**
 * Sets in `words` the bit of every entity of row `row` within the query's circle (the usual
 * case: no game predicate, every id of the grid fits the set), the row's squared vertical
 * distances in `q.at`. Returns how many entities it examined.
 */
export function addRowInRange(
  cells: PackedCells,
  q: RowQuery,
  row: number,
  words: Uint32Array,
): number {
  const examined = rowRuns(cells, q, row);
  if (examined === 0) return 0;
  addTested(cells, q, q.k0, q.w0, words);
  // Wholly in range: every entity of these cells is, no distance to compute.
  const ids = cells.ids;
  for (let k = q.w0; k < q.w1; k++) {
    const e = ids[k]!;
    words[e >>> 5] = words[e >>> 5]! | (1 << (e & 31));
  }
  addTested(cells, q, q.w1, q.k1, words);
  return examined;
}

/**
 * {@link addRowInRange} with the game's predicate, into a set of any capacity: each entity in
 * range is asked, and added when `accept` (if any) is true.
 */
export function addRowAccepted(
  cells: PackedCells,
  q: RowQuery,
  row: number,
  out: EntitySet,
  accept: ((entity: number) => boolean) | undefined,
): number {
  const examined = rowRuns(cells, q, row);
  const { ids, x: px, y: py } = cells;
  const x = q.at[AT_X]!;
  const y = q.at[AT_Y]!;
  const r2 = q.at[AT_R2]!;
  for (let k = q.k0; k < q.k1; k++) {
    const whole = k >= q.w0 && k < q.w1;
    const dx = px[k]! - x;
    const dy = py[k]! - y;
    if (!whole && dx * dx + dy * dy > r2) continue;
    const e = ids[k]!;
    if (accept === undefined || accept(e)) out.add(e);
  }
  return examined;
}

/**
 * Packed entities [k0, k1) of cells the circle's edge crosses: about half are in range, in no
 * order a branch predictor can learn, so the test sets the bit without a branch (0 or 1
 * shifted into place). The 0 or 1 is the comparison converted to a number: V8 compiles that
 * to the flag itself, where `test ? 1 : 0` is a branch (measured on Node 24: 6-9x slower on
 * random points).
 */
function addTested(
  cells: PackedCells,
  q: RowQuery,
  k0: number,
  k1: number,
  words: Uint32Array,
): void {
  const ids = cells.ids;
  const px = cells.x;
  const py = cells.y;
  const x = q.at[AT_X]!;
  const y = q.at[AT_Y]!;
  const r2 = q.at[AT_R2]!;
  for (let k = k0; k < k1; k++) {
    const dx = px[k]! - x;
    const dy = py[k]! - y;
    const e = ids[k]!;
    const inRange = +(dx * dx + dy * dy <= r2);
    words[e >>> 5] = words[e >>> 5]! | (inRange << (e & 31));
  }
}
