// One player's world inputs in one zone, in order, each once. The room hands the zone one
// zone input per tick (the newest it has, or the last one again when starved); this line
// turns those into the contiguous run of world sequences, filling skips from each input's
// window, so a tick applies the next sequence not yet applied and never one twice. A
// handoff cuts the line: the zone that had authority applied up to `lastSeq`, the next one
// starts after it (`startAfter`), whatever it had buffered while the client was parked.

import { seqAfter } from "../protocol/input-sequence.js";
import { NO_WORLD_SEQ, type ZoneInput } from "./zone-input.js";

/** A bounded queue of world inputs, contiguous by sequence. */
export class InputLine<Input> {
  readonly #capacity: number;
  readonly #seqs: number[] = [];
  readonly #inputs: Input[] = [];
  /** The newest sequence queued (or applied), NO_WORLD_SEQ before any. */
  #newest = NO_WORLD_SEQ;
  /** The last sequence applied, NO_WORLD_SEQ before any. */
  #applied = NO_WORLD_SEQ;
  /** Sequences that could not be bridged (a skip wider than the window, a cut's gap). */
  #lost = 0;

  /** @param capacity inputs held at most (a parked traveller's whole ticket lifetime) */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The last sequence applied (NO_WORLD_SEQ before any). */
  get applied(): number {
    return this.#applied;
  }

  /** The newest sequence queued or applied (NO_WORLD_SEQ before any). */
  get newest(): number {
    return this.#newest;
  }

  /** The oldest sequence waiting (NO_WORLD_SEQ when empty). */
  get firstQueued(): number {
    return this.#seqs.length > 0 ? this.#seqs[0]! : NO_WORLD_SEQ;
  }

  /** Inputs waiting. */
  get size(): number {
    return this.#seqs.length;
  }

  /** Sequences lost so far: gaps wider than the window, or before a handoff's cut. */
  get lost(): number {
    return this.#lost;
  }

  /** Queues the sequences of `zi` newer than any queued, oldest first. */
  offer(zi: ZoneInput<Input>): void {
    if (zi.seq === NO_WORLD_SEQ) return;
    if (this.#newest !== NO_WORLD_SEQ && !seqAfter(zi.seq, this.#newest)) return;
    // How far back the window reaches: to the one after the newest queued, else its start
    // (a fresh line takes what it is given: sequences count from 0).
    const fresh = this.#newest === NO_WORLD_SEQ;
    const ahead = fresh
      ? Math.min(zi.seq, zi.inputs.length - 1) + 1
      : (zi.seq - this.#newest) >>> 0;
    if (ahead > zi.inputs.length) this.#lost += ahead - zi.inputs.length;
    for (let i = Math.min(ahead, zi.inputs.length) - 1; i >= 0; i--)
      this.#push((zi.seq - i) >>> 0, zi.inputs[i]!);
  }

  /** Takes the next input to apply (and counts it applied), or undefined when none waits. */
  take(): Input | undefined {
    if (this.#seqs.length === 0) return undefined;
    this.#applied = this.#seqs.shift()!;
    return this.#inputs.shift();
  }

  /**
   * The previous zone applied up to `lastSeq`: what is queued up to it goes, and the line
   * continues after it. A queue starting later than lastSeq + 1 lost the sequences between.
   */
  startAfter(lastSeq: number): void {
    while (this.#seqs.length > 0 && !seqAfter(this.#seqs[0]!, lastSeq)) {
      this.#seqs.shift();
      this.#inputs.shift();
    }
    const head = this.firstQueued;
    if (head !== NO_WORLD_SEQ) this.#lost += (head - lastSeq - 1) >>> 0;
    this.#applied = lastSeq;
    if (head === NO_WORLD_SEQ) this.#newest = lastSeq;
  }

  #push(seq: number, input: Input): void {
    // Full: the oldest goes. Only a parked traveller's line fills up, and what it drops is
    // long applied by the zone with authority; startAfter counts a real gap.
    if (this.#seqs.length === this.#capacity) {
      this.#seqs.shift();
      this.#inputs.shift();
    }
    this.#seqs.push(seq);
    this.#inputs.push(input);
    this.#newest = seq;
  }
}
