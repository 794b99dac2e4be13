// Which cell of an interest grid each entity is in, kept as one doubly linked list per cell:
// an entity crossing a cell boundary is an O(1) unlink and relink, and the lists are packed
// (ids and positions sorted by cell, contiguous) for the queries when something moved.

import type { PackedCells } from "./grid-rows.js";

/** No entity / no cell. */
export const NONE = -1;

/**
 * @example
 * const lists = new CellLists(1024, cols * rows);
 * lists.link(e, cell);
 * lists.unlink(e, lists.cellOf[e]!);
 * lists.pack(x, y, packed);
 */
export class CellLists {
  /** First entity of each cell, or NONE; cells are doubly linked lists through next/prev. */
  readonly #head: Int32Array;
  readonly #next: Int32Array;
  readonly #prev: Int32Array;
  /** The cell each entity is in, NONE when it is not in the grid. */
  readonly cellOf: Int32Array;

  /** @param capacity entity ids are in [0, capacity) @param cells cells of the grid */
  constructor(capacity: number, cells: number) {
    this.#head = new Int32Array(cells).fill(NONE);
    this.#next = new Int32Array(capacity).fill(NONE);
    this.#prev = new Int32Array(capacity).fill(NONE);
    this.cellOf = new Int32Array(capacity).fill(NONE);
  }

  /** Puts `e` (in no cell) first in `cell`'s list. */
  link(e: number, cell: number): void {
    const first = this.#head[cell]!;
    this.#next[e] = first;
    this.#prev[e] = NONE;
    if (first !== NONE) this.#prev[first] = e;
    this.#head[cell] = e;
    this.cellOf[e] = cell;
  }

  /** Takes `e` out of `cell`'s list (its cellOf is left for the caller to set). */
  unlink(e: number, cell: number): void {
    const p = this.#prev[e]!;
    const n = this.#next[e]!;
    if (p !== NONE) this.#next[p] = n;
    else this.#head[cell] = n;
    if (n !== NONE) this.#prev[n] = p;
  }

  /** Writes every list into `out`, cell by cell, with positions from `x` and `y`: O(cells + entities). */
  pack(x: Float64Array, y: Float64Array, out: PackedCells): void {
    const { start, ids } = out;
    const head = this.#head;
    const next = this.#next;
    let k = 0;
    for (let cell = 0; cell < head.length; cell++) {
      start[cell] = k;
      for (let e = head[cell]!; e !== NONE; e = next[e]!) {
        ids[k] = e;
        out.x[k] = x[e]!;
        out.y[k] = y[e]!;
        k++;
      }
    }
    start[head.length] = k;
  }
}
