// The room's broadcast stream: after each tick, one more update of the whole replicated world
// (a DELTA against the previous tick; on keyframe ticks a FULL as well) framed once as a
// SNAPSHOT that carries nothing per client, plus the RPC events the room broadcast that tick.
// Spectators (room-spectators.ts) and the recorder (room-recorder.ts) share these bytes. The
// last ticks stay in a ring, long enough to serve a spectator its delay and a keyframe before
// it: each slot keeps its buffer, so steady state allocates only the frames' views.

import { NO_INPUT_ACK, writeSnapshotHeader } from "../protocol/server-messages.js";
import type { ReplicationServer } from "../replication/replication-server.js";
import type { ReplicationStream } from "../replication/replication-stream.js";
import type { RpcTarget } from "../rpc/rpc-server.js";

/** One tick of the stream. Its views stay valid until the ring wraps onto its slot. */
export interface StreamTick {
  readonly tick: number;
  /** The SNAPSHOT for spectators already following: a DELTA (a FULL when the stream starts). */
  readonly frame: Uint8Array;
  /** On keyframe ticks the SNAPSHOT of a FULL (where a follower may start), else null. */
  readonly key: Uint8Array | null;
  /** The RPC EVENT frames sent to everyone during the tick, in order. */
  readonly events: readonly Uint8Array[];
}

/** A ring slot: a StreamTick whose buffers are reused when the ring comes round. */
interface Slot {
  tick: number;
  buffer: Uint8Array;
  frame: Uint8Array;
  key: Uint8Array | null;
  events: Uint8Array[];
}

const EMPTY = new Uint8Array(0);

/** Encodes, frames and keeps a room's broadcast stream. */
export class BroadcastStream {
  readonly #replication: ReplicationServer;
  readonly #writer: ReplicationStream;
  readonly #keyframeTicks: number;
  readonly #slots: Slot[];
  /** Events of the tick being stepped (copies: the RPC writer is reused). */
  #pending: Uint8Array[] = [];
  #running = false;
  /** Ticks encoded since the room started (tests and stats). */
  #encodes = 0;

  /**
   * @param keyframeTicks a FULL every this many ticks (ticks that are multiples of it)
   * @param historyTicks how many past ticks to keep (delay + keyframe interval + 1 at least)
   */
  constructor(replication: ReplicationServer, keyframeTicks: number, historyTicks: number) {
    this.#replication = replication;
    this.#writer = replication.stream();
    this.#keyframeTicks = keyframeTicks;
    this.#slots = Array.from({ length: historyTicks }, () => ({
      tick: -1,
      buffer: new Uint8Array(256),
      frame: EMPTY,
      key: null,
      events: [],
    }));
  }

  /** True while ticks are encoded (someone watches or the room records). */
  get running(): boolean {
    return this.#running;
  }

  /** Stream updates written so far, keyframes included (one or two per tick). */
  get encodes(): number {
    return this.#encodes;
  }

  /** Starts encoding from the next tick (a FULL first). */
  start(): void {
    this.#running = true;
  }

  /** Stops encoding and forgets the history: a later start begins with a FULL. */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#writer.reset();
    this.#pending.length = 0;
    for (const s of this.#slots) {
      s.tick = -1;
      s.events.length = 0;
    }
  }

  /**
   * An RPC EVENT frame the room sent during the tick being stepped. Only events for everyone
   * enter the stream: to all, or to whoever sees an entity (a spectator sees them all); one
   * player's or one team's stay private.
   */
  event(target: RpcTarget, frame: Uint8Array): void {
    if (!this.#running || (target.to !== "all" && target.to !== "interested")) return;
    this.#pending.push(frame.slice());
  }

  /**
   * After the tick's commit: encodes it into the ring (with a FULL too on keyframe ticks, or
   * when `forceKey`) and returns it. Call once per committed tick while running.
   */
  commit(forceKey = false): StreamTick {
    const tick = this.#replication.tick;
    const slot = this.#slots[tick % this.#slots.length]!;
    slot.tick = tick;
    const delta = this.#writer.writeDelta();
    this.#encodes++;
    const deltaLength = delta.length;
    this.#fit(slot, deltaLength);
    slot.buffer.set(delta);
    writeSnapshotHeader(slot.buffer, NO_INPUT_ACK, 0);
    let keyLength = 0;
    const full = this.#writer.isFull(delta);
    if (!full && (forceKey || tick % this.#keyframeTicks === 0)) {
      const key = this.#writer.writeKey();
      this.#encodes++;
      keyLength = key.length;
      this.#fit(slot, deltaLength + keyLength);
      slot.buffer.set(key, deltaLength);
    }
    // Views last: #fit may have replaced the buffer.
    slot.frame = slot.buffer.subarray(0, deltaLength);
    if (full) slot.key = slot.frame;
    else if (keyLength > 0) {
      slot.key = slot.buffer.subarray(deltaLength, deltaLength + keyLength);
      writeSnapshotHeader(slot.key, NO_INPUT_ACK, 0);
    } else slot.key = null;
    // The tick's events move into the slot; the slot's old array becomes the next pending one.
    const events = slot.events;
    events.length = 0;
    slot.events = this.#pending;
    this.#pending = events;
    return slot;
  }

  /** Tick `tick` if the ring still holds it. */
  at(tick: number): StreamTick | undefined {
    if (tick < 0) return undefined;
    const slot = this.#slots[tick % this.#slots.length]!;
    return slot.tick === tick ? slot : undefined;
  }

  /** The latest tick at or before `tick` with a keyframe that the ring still holds. */
  keyAtOrBefore(tick: number): StreamTick | undefined {
    const n = this.#slots.length;
    for (let t = tick; t >= 0 && t > tick - n; t--) {
      const slot = this.#slots[t % n]!;
      if (slot.tick !== t) return undefined;
      if (slot.key !== null) return slot;
    }
    return undefined;
  }

  /** Grows a slot's buffer to hold `bytes`, keeping what it holds. */
  #fit(slot: Slot, bytes: number): void {
    if (slot.buffer.length >= bytes) return;
    const grown = new Uint8Array(Math.max(bytes, slot.buffer.length * 2));
    grown.set(slot.buffer);
    slot.buffer = grown;
  }
}
