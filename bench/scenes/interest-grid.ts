// Scene B's interest: which entities each client sees (within the view radius), and which
// entered or left its view this tick. Each system updates it once per tick where its game
// loop would (Colyseus: in the tick before the patch; edgetick: in the room's interest
// hook), so all of them replicate exactly the same visible sets.
import type { ArenaScene } from "./arena-scene.js";
import { ARENA_SIZE } from "./scene-config.js";

/** Per-client visible sets with their enter/leave lists, as every system reads them. */
export interface Visibility {
  /** M. */
  readonly clientCount: number;
  /** The view radius, units. */
  readonly radius: number;
  /** Ids client `c` sees this tick (any order; the view is valid until the next update). */
  visible(c: number): Int32Array;
  /** Ids that entered client `c`'s view this tick. */
  entered(c: number): Int32Array;
  /** Ids that left client `c`'s view this tick. */
  left(c: number): Int32Array;
  /** Whether client `c` sees entity `id` this tick. */
  isVisible(c: number, id: number): boolean;
  /** Recomputes every client's view from the scene's current positions (once per tick). */
  update(scene: ArenaScene): void;
}

/**
 * A uniform grid (cell = radius) over the arena: each client tests only the 3 × 3 cells
 * around it, not all N entities. Visible means distance ≤ radius.
 *
 * @example
 * const interest = new InterestGrid(scene, 300);
 * scene.step();
 * interest.update(scene);
 * for (const id of interest.entered(0)) view.add(entities[id]);
 */
export class InterestGrid implements Visibility {
  readonly clientCount: number;
  readonly radius: number;
  readonly #radius: number;
  readonly #cellsPerSide: number;
  readonly #entityCount: number;
  /** cellStart[cell] .. cellStart[cell + 1] index the ids of that cell in #cellIds. */
  readonly #cellStart: Int32Array;
  /** Write cursors of the counting sort, one per cell (kept so a tick allocates nothing). */
  readonly #cellFill: Int32Array;
  readonly #cellIds: Int32Array;
  readonly #cellOf: Int32Array;
  /** Membership bitmaps, one row of N per client: current and previous tick. */
  #member: Uint8Array;
  #previousMember: Uint8Array;
  #visible: Int32Array[];
  #visibleCount: Int32Array;
  readonly #entered: Int32Array[];
  readonly #enteredCount: Int32Array;
  readonly #left: Int32Array[];
  readonly #leftCount: Int32Array;
  /** Previous visible lists, to find who left without scanning N. */
  #previousVisible: Int32Array[];
  #previousVisibleCount: Int32Array;

  constructor(scene: ArenaScene, radius: number) {
    if (!(radius > 0)) throw new Error("radius must be > 0");
    const n = scene.entityCount;
    const m = scene.clientX.length;
    this.clientCount = m;
    this.#radius = radius;
    this.radius = radius;
    this.#entityCount = n;
    this.#cellsPerSide = Math.ceil(ARENA_SIZE / radius);
    const cells = this.#cellsPerSide * this.#cellsPerSide;
    this.#cellStart = new Int32Array(cells + 1);
    this.#cellFill = new Int32Array(cells);
    this.#cellIds = new Int32Array(n);
    this.#cellOf = new Int32Array(n);
    this.#member = new Uint8Array(m * n);
    this.#previousMember = new Uint8Array(m * n);
    const lists = () => Array.from({ length: m }, () => new Int32Array(n));
    this.#visible = lists();
    this.#previousVisible = lists();
    this.#entered = lists();
    this.#left = lists();
    this.#visibleCount = new Int32Array(m);
    this.#previousVisibleCount = new Int32Array(m);
    this.#enteredCount = new Int32Array(m);
    this.#leftCount = new Int32Array(m);
    this.update(scene);
  }

  /** Recomputes every client's visible set from the scene's current positions. */
  update(scene: ArenaScene): void {
    this.#bucket(scene);
    // Swaps through temporaries: destructuring swaps allocate an array each.
    const member = this.#member;
    this.#member = this.#previousMember;
    this.#previousMember = member;
    const visible = this.#visible;
    this.#visible = this.#previousVisible;
    this.#previousVisible = visible;
    const visibleCount = this.#visibleCount;
    this.#visibleCount = this.#previousVisibleCount;
    this.#previousVisibleCount = visibleCount;
    for (let c = 0; c < this.clientCount; c++) this.#updateClient(scene, c);
  }

  visible(c: number): Int32Array {
    return this.#visible[c]!.subarray(0, this.#visibleCount[c]);
  }

  entered(c: number): Int32Array {
    return this.#entered[c]!.subarray(0, this.#enteredCount[c]);
  }

  left(c: number): Int32Array {
    return this.#left[c]!.subarray(0, this.#leftCount[c]);
  }

  isVisible(c: number, id: number): boolean {
    return this.#member[c * this.#entityCount + id] === 1;
  }

  /** Counting sort of the entity ids into grid cells. */
  #bucket(scene: ArenaScene): void {
    const start = this.#cellStart;
    start.fill(0);
    for (let id = 0; id < this.#entityCount; id++) {
      const cell = this.#cell(scene.x[id]!, scene.y[id]!);
      this.#cellOf[id] = cell;
      start[cell + 1]!++;
    }
    for (let i = 1; i < start.length; i++) start[i]! += start[i - 1]!;
    const fill = this.#cellFill;
    for (let i = 0; i < fill.length; i++) fill[i] = start[i]!;
    for (let id = 0; id < this.#entityCount; id++) {
      this.#cellIds[fill[this.#cellOf[id]!]!++] = id;
    }
  }

  #cell(x: number, y: number): number {
    const last = this.#cellsPerSide - 1;
    const cx = Math.min(last, Math.floor(x / this.#radius));
    const cy = Math.min(last, Math.floor(y / this.#radius));
    return cy * this.#cellsPerSide + cx;
  }

  #updateClient(scene: ArenaScene, c: number): void {
    const n = this.#entityCount;
    const row = c * n;
    const member = this.#member;
    const previous = this.#previousMember;
    const visible = this.#visible[c]!;
    const entered = this.#entered[c]!;
    const px = scene.clientX[c]!;
    const py = scene.clientY[c]!;
    const r2 = this.#radius * this.#radius;
    const last = this.#cellsPerSide - 1;
    const cx = Math.min(last, Math.floor(px / this.#radius));
    const cy = Math.min(last, Math.floor(py / this.#radius));
    let count = 0;
    let enteredCount = 0;
    // Clear the rows of the ids seen two ticks ago (the buffer being reused), not all N.
    const stale = this.#visible[c]!;
    for (let i = 0; i < this.#visibleCount[c]!; i++) member[row + stale[i]!] = 0;
    for (let gy = Math.max(0, cy - 1); gy <= Math.min(last, cy + 1); gy++) {
      for (let gx = Math.max(0, cx - 1); gx <= Math.min(last, cx + 1); gx++) {
        const cell = gy * this.#cellsPerSide + gx;
        for (let k = this.#cellStart[cell]!; k < this.#cellStart[cell + 1]!; k++) {
          const id = this.#cellIds[k]!;
          const dx = scene.x[id]! - px;
          const dy = scene.y[id]! - py;
          if (dx * dx + dy * dy > r2) continue;
          member[row + id] = 1;
          visible[count++] = id;
          if (previous[row + id] === 0) entered[enteredCount++] = id;
        }
      }
    }
    this.#visibleCount[c] = count;
    this.#enteredCount[c] = enteredCount;
    const before = this.#previousVisible[c]!;
    const left = this.#left[c]!;
    let leftCount = 0;
    for (let i = 0; i < this.#previousVisibleCount[c]!; i++) {
      const id = before[i]!;
      if (member[row + id] === 0) left[leftCount++] = id;
    }
    this.#leftCount[c] = leftCount;
  }
}
