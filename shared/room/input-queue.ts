// Per-player inputs waiting for their tick, in sequence order. Clients repeat recent
// inputs in every frame, so most arrivals are duplicates: only sequences past the newest
// one received are queued. A full queue drops its oldest input (the client runs ahead).
// Sequences are u32 and wrap (0xffffffff → 0): "past" is serial-number order.

import { seqAfter } from "../protocol/input-sequence.js";

/** A bounded FIFO of sequenced inputs. */
export class InputQueue<Input> {
  readonly #seqs: Uint32Array;
  readonly #inputs: (Input | undefined)[];
  #head = 0;
  #size = 0;
  /** The newest sequence received, u32; -1 before any. */
  #newest = -1;
  #dropped = 0;

  /** @param capacity inputs held at most */
  constructor(capacity: number) {
    this.#seqs = new Uint32Array(capacity);
    this.#inputs = new Array<Input | undefined>(capacity).fill(undefined);
  }

  /** Inputs waiting. */
  get size(): number {
    return this.#size;
  }

  /** Inputs dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Whether `seq` (u32) is past the newest received, in serial-number order (offer takes it). */
  isNew(seq: number): boolean {
    return this.#newest < 0 || seqAfter(seq, this.#newest);
  }

  /**
   * Offers input `seq` (u32); returns false for a sequence at or before the newest received
   * in serial-number order (a repeat).
   */
  offer(seq: number, input: Input): boolean {
    if (!this.isNew(seq)) return false;
    this.#newest = seq;
    const cap = this.#seqs.length;
    if (this.#size === cap) {
      this.#head = (this.#head + 1) % cap;
      this.#size--;
      this.#dropped++;
    }
    const at = (this.#head + this.#size) % cap;
    this.#seqs[at] = seq;
    this.#inputs[at] = input;
    this.#size++;
    return true;
  }

  /** Sequence of the oldest waiting input; only valid when size > 0. */
  peekSeq(): number {
    return this.#seqs[this.#head]!;
  }

  /** Removes and returns the oldest waiting input, or undefined when empty. */
  take(): Input | undefined {
    if (this.#size === 0) return undefined;
    const input = this.#inputs[this.#head];
    this.#inputs[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#seqs.length;
    this.#size--;
    return input;
  }
}
