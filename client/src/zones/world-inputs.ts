// The world's inputs as a world client numbers them (docs/zones.md, "Handoff"): one world
// sequence over all zones, each input tick of the current link's core one world input,
// sent with the window of inputs before it. The next zone's link carries the inputs after
// the last it carried, a resumed link sends again what its zone lost, and the recent ones are
// kept for that.

import { seqAfter } from "../../../shared/protocol/input-sequence.js";
import {
  NO_WORLD_SEQ,
  ZONE_INPUT_WINDOW,
  type ZoneInput,
} from "../../../shared/zones/zone-input.js";
import type { ZoneLink } from "./zone-link.js";

/**
 * World inputs kept for a resumed link to send again: 128, 4.3 s at 30 Hz. A link can stall
 * (a retransmission holds back the whole stream) and then drop with nothing delivered
 * since its last resume: its zone then lacks every input sampled meanwhile. Sent as every
 * 4th (each carries the window before it): 32 room inputs, half a zone room's queue.
 */
const HISTORY = 128;

/** The held input, the world sequence and the inputs numbered lately. */
export class WorldInputs<Input> {
  readonly #maxInputsPerFrame: number;
  #held: Input;
  /** The world sequence of the next input numbered, and the window of inputs before it. */
  #seq = 0;
  readonly #window: Input[];
  /** The world inputs numbered lately, oldest first: a resumed link sends again what it lost. */
  readonly #history: ZoneInput<Input>[] = [];

  /** @param maxInputsPerFrame the most inputs one INPUT frame repeats */
  constructor(idle: Input, maxInputsPerFrame: number) {
    this.#maxInputsPerFrame = maxInputsPerFrame;
    this.#held = idle;
    this.#window = new Array<Input>(ZONE_INPUT_WINDOW).fill(idle);
  }

  /** The input held from now on. */
  hold(input: Input): void {
    this.#held = input;
  }

  /** The world sequence the next numbered input gets. */
  get next(): number {
    return this.#seq;
  }

  /**
   * Before an input tick of `link`'s core: the world input that tick carries. The current
   * link's ticks number the world's inputs, one each, however many ticks a late frame runs
   * at once. Another link (the next zone's, ahead of a crossing) carries the world inputs
   * after the last it carried, up to a window ahead a tick (each carries the window before
   * it), so it keeps up without a skip the window cannot fill.
   */
  beforeTick(link: ZoneLink<Input>, current: boolean): void {
    let zi: ZoneInput<Input> | undefined;
    if (current) zi = this.#number();
    else {
      const reach = (link.sent + ZONE_INPUT_WINDOW) >>> 0;
      const fresh = link.sent === NO_WORLD_SEQ;
      for (const h of this.#history)
        if (fresh || (seqAfter(h.seq, link.sent) && !seqAfter(h.seq, reach))) zi = h;
    }
    if (!zi) return;
    link.net.setInput(zi);
    link.sent = zi.seq;
  }

  /** The held input under the next world sequence, with the window before it. */
  pending(): ZoneInput<Input> {
    return {
      seq: this.#seq,
      inputs: [this.#held, ...this.#window.slice(0, ZONE_INPUT_WINDOW - 1)],
    };
  }

  /**
   * A resumed link's zone holds inputs up to `seq`: its core sends the later ones again. Each
   * zone input carries the window before it, so every ZONE_INPUT_WINDOW-th one will do (the
   * room's queue holds only maxQueuedInputs: sending all of them could overflow it).
   */
  resend(link: ZoneLink<Input>, seq: number): void {
    const missing = this.#history.filter((zi) => seq === NO_WORLD_SEQ || seqAfter(zi.seq, seq));
    const picked: ZoneInput<Input>[] = [];
    for (let i = missing.length - 1; i >= 0; i -= ZONE_INPUT_WINDOW) picked.unshift(missing[i]!);
    // An INPUT frame repeats only the newest maxInputsPerFrame inputs: they go now, a frame
    // per that many (the core's next frame, after a tick sampled, could leave the oldest out).
    const { session, predictor } = link.net;
    const per = this.#maxInputsPerFrame;
    picked.forEach((zi, i) => {
      // Each is a room input the zone steps a tick with, as one the core's tick sampled: the
      // predictor records it under its sequence, or a replay over it (the avatar predicted
      // after the adoption) would step with whatever input that slot last held.
      const roomSeq = session.record(zi);
      predictor?.step(roomSeq, zi);
      link.sent = zi.seq;
      const frame =
        (i + 1) % per === 0 || i + 1 === picked.length ? session.inputFrame() : undefined;
      if (frame) link.transport.send(frame);
    });
  }

  /** Numbers the held input as the next world input (kept for resends). */
  #number(): ZoneInput<Input> {
    const zi = this.pending();
    this.#history.push(zi);
    if (this.#history.length > HISTORY) this.#history.shift();
    this.#window.pop();
    this.#window.unshift(this.#held);
    this.#seq = (this.#seq + 1) >>> 0;
    return zi;
  }
}
