// The client's recent inputs by sequence, encoded, so each INPUT frame can repeat the ones
// the server has not acknowledged yet (a lost or late frame then costs nothing).

/** A ring of the last `capacity` encoded inputs. */
export class InputHistory {
  readonly #bytes: Uint8Array;
  readonly #size: number;
  readonly #capacity: number;
  #next = 0;

  /**
   * @param inputBytes the game's encoded input size
   * @param capacity inputs remembered
   */
  constructor(inputBytes: number, capacity: number) {
    this.#size = inputBytes;
    this.#capacity = capacity;
    this.#bytes = new Uint8Array(inputBytes * capacity);
  }

  /** The sequence the next recorded input gets; also the count recorded so far. */
  get nextSeq(): number {
    return this.#next;
  }

  /** Records the input of the next tick through `write`, which fills `size` bytes at `offset`. */
  record(write: (out: Uint8Array, offset: number) => void): number {
    const seq = this.#next++;
    write(this.#bytes, (seq % this.#capacity) * this.#size);
    return seq;
  }

  /** Oldest sequence still remembered. */
  get oldestSeq(): number {
    return Math.max(0, this.#next - this.#capacity);
  }

  /** Copies inputs `from`..`from+count-1` (all remembered) into `out` at `offset`. */
  copy(from: number, count: number, out: Uint8Array, offset: number): void {
    for (let i = 0; i < count; i++) {
      const at = ((from + i) % this.#capacity) * this.#size;
      out.set(this.#bytes.subarray(at, at + this.#size), offset + i * this.#size);
    }
  }
}
