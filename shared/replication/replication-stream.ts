// One whole-world update per tick beside the clients' updates: the broadcast stream that
// spectators and replays share. It reads the same once-per-tick encoding (TickEncoder) but
// writes with its own UpdateWriter, so the clients' buffers, their reuse cache and their
// compression report are untouched. Two sessions without a view or a budget: the chain, whose
// update is a DELTA against the previous tick ("last-sent"), and the key, reset before each
// keyframe so its update is a FULL, which leaves the chain as it was.

import { ClientSession } from "./client-session.js";
import { CompressionStats } from "./compression-stats.js";
import type { TickEncoder } from "./tick-encoder.js";
import { UpdateWriter } from "./update-writer.js";
import { UPDATE_KIND } from "./wire-format.js";

/** Writes a server's broadcast stream (ReplicationServer.stream()). */
export class ReplicationStream {
  readonly #encoder: TickEncoder;
  readonly #writer: UpdateWriter;
  readonly #chain: ClientSession;
  readonly #key: ClientSession;
  readonly #reserveBytes: number;

  /** @param reserveBytes zero bytes left before each update for the caller's framing */
  constructor(encoder: TickEncoder, reserveBytes: number) {
    this.#encoder = encoder;
    this.#reserveBytes = reserveBytes;
    // Neither session ever deltas against an older tick than the previous one: a ring of 1.
    const capacity = encoder.world.capacity;
    this.#chain = new ClientSession(capacity, 1);
    this.#key = new ClientSession(capacity, 1);
    this.#writer = new UpdateWriter(encoder, new CompressionStats(encoder.schema), reserveBytes);
  }

  /**
   * The current tick's update of the whole world for the chain: a DELTA against the previous
   * tick, or a FULL when the chain starts or missed a tick (never a BASELINE). The view is
   * valid until the next write of this stream.
   * @throws before the first commit, or when the chain already has this tick.
   */
  writeDelta(): Uint8Array {
    const t = this.#encoder.tick;
    if (t < 0) throw new Error("stream write before the first commit");
    const chain = this.#chain;
    if (chain.lastSentTick >= t) throw new Error(`tick ${t} is already in the stream`);
    if (chain.lastSentTick !== t - 1) chain.reset();
    return this.#writer.write(chain, null, chain.lastSentTick);
  }

  /**
   * The current tick's FULL update of the whole world (a keyframe), without touching the
   * chain. The view is valid until the next write of this stream.
   */
  writeKey(): Uint8Array {
    if (this.#encoder.tick < 0) throw new Error("stream write before the first commit");
    this.#key.reset();
    return this.#writer.write(this.#key, null, -1);
  }

  /** Whether an update this stream wrote (with its reserved bytes) is a FULL. */
  isFull(update: Uint8Array): boolean {
    return (update[this.#reserveBytes]! & 0b11) === UPDATE_KIND.FULL;
  }

  /** Forgets the chain: its next update is a FULL (the stream stopped and starts again). */
  reset(): void {
    this.#chain.reset();
  }
}
