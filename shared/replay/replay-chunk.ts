// A replay chunk: a self-contained run of the broadcast stream, a few seconds of ticks that
// starts with a keyframe, so a player can start (or seek) at any chunk with nothing before
// it. Little-endian like the room protocol; docs/replication.md gives the byte layout and
// replay-chunk.test.ts pins it with golden bytes.
//
//   header  [magic "ETRC"][format u8][tickRate u8][schema u32][index u32][firstTick u32]
//           [span u16][records u32]                                            24 bytes
//   record  [kind u8][tickOffset u16][length varuint][bytes]          4–7 bytes + bytes
//
// `span` is lastTick − firstTick; a record's tick is firstTick + tickOffset. Each tick from
// firstTick to lastTick has exactly one state record (KEY or DELTA, the first a KEY), and
// EVENT records follow the state of their tick.

import { ByteWriter } from "../codec/byte-writer.js";
import { REPLAY_RECORD } from "./replay-record.js";

/**
 * The chunk layout this build writes and reads. 2 since protocol 9: the updates a chunk holds
 * are replication updates, whose DELTA layout changed then (coded-field orders), so a chunk of
 * format 1 is refused rather than misread.
 */
export const REPLAY_CHUNK_FORMAT = 2;

/** The first four bytes of every chunk: "ETRC" (edgetick replay chunk). */
export const REPLAY_CHUNK_MAGIC = Uint8Array.of(0x45, 0x54, 0x52, 0x43);

/** Bytes of the chunk header. */
export const REPLAY_CHUNK_HEADER_BYTES = 24;

/** Most ticks one chunk spans (`span` is a u16): 65 536, 9 min at 120 Hz. */
export const MAX_REPLAY_CHUNK_TICKS = 0x1_0000;

/** Largest record payload: a varuint of at most 4 bytes (2^28 − 1 bytes, 256 MiB). */
export const MAX_REPLAY_RECORD_BYTES = 0x0fff_ffff;

/** What a chunk covers (the manifest's entry for it). */
export interface ReplayChunkInfo {
  /** Position in the replay, from 0. */
  readonly index: number;
  readonly firstTick: number;
  readonly lastTick: number;
  /** Size of the chunk, bytes. */
  readonly bytes: number;
}

/**
 * Builds chunks record by record; one instance is reused for every chunk of a recording
 * (its buffer is kept). The write path trusts its caller: misuse throws (a bug), it is not
 * a wire error.
 *
 * @example
 * const w = new ReplayChunkWriter(schema.fingerprint, 30);
 * w.begin(0, 120);
 * w.key(120, fullUpdate);
 * w.event(120, eventFrame);
 * w.delta(121, deltaUpdate);
 * const chunk = w.finish(); // a copy, safe to keep
 */
export class ReplayChunkWriter {
  readonly #schema: number;
  readonly #tickRate: number;
  readonly #body = new ByteWriter(16 * 1024);
  #open = false;
  #index = 0;
  #firstTick = 0;
  #lastTick = -1;
  #records = 0;

  /** @param schema the game schema's fingerprint @param tickRate the room's, Hz */
  constructor(schema: number, tickRate: number) {
    this.#schema = schema >>> 0;
    this.#tickRate = tickRate;
  }

  /** True between {@link begin} and {@link finish}. */
  get open(): boolean {
    return this.#open;
  }

  /** The open chunk's index. */
  get index(): number {
    return this.#index;
  }

  /** The open chunk's first tick. */
  get firstTick(): number {
    return this.#firstTick;
  }

  /** The last tick with a state in the open chunk (firstTick − 1 before its keyframe). */
  get lastTick(): number {
    return this.#lastTick;
  }

  /** Ticks with a state in the open chunk. */
  get ticks(): number {
    return this.#lastTick - this.#firstTick + 1;
  }

  /** Bytes the open chunk would take if finished now. */
  get byteLength(): number {
    return REPLAY_CHUNK_HEADER_BYTES + this.#body.length;
  }

  /** Starts chunk `index`, whose keyframe is of `firstTick`. */
  begin(index: number, firstTick: number): void {
    if (this.#open) throw new Error("replay chunk already open");
    this.#open = true;
    this.#index = index;
    this.#firstTick = firstTick;
    this.#lastTick = firstTick - 1;
    this.#records = 0;
    this.#body.reset();
  }

  /** The FULL update of `tick` (the chunk's first record, or a keyframe inside it). */
  key(tick: number, update: Uint8Array, start = 0): void {
    this.#state(REPLAY_RECORD.KEY, tick, update, start);
  }

  /** The DELTA update of `tick`, against the previous tick's state. */
  delta(tick: number, update: Uint8Array, start = 0): void {
    if (this.#records === 0) throw new Error("a replay chunk starts with a keyframe");
    this.#state(REPLAY_RECORD.DELTA, tick, update, start);
  }

  /** An RPC EVENT frame broadcast during `tick`, whose state is the last one written. */
  event(tick: number, frame: Uint8Array): void {
    if (!this.#open || tick !== this.#lastTick || this.#records === 0)
      throw new Error(`replay event of tick ${tick} must follow that tick's state`);
    this.#record(REPLAY_RECORD.EVENT, tick, frame, 0);
  }

  /** Closes the chunk and returns its bytes (a copy: the writer is reused). */
  finish(): Uint8Array {
    if (!this.#open || this.#records === 0) throw new Error("no replay chunk to finish");
    this.#open = false;
    const body = this.#body.view();
    const out = new Uint8Array(REPLAY_CHUNK_HEADER_BYTES + body.length);
    const view = new DataView(out.buffer);
    out.set(REPLAY_CHUNK_MAGIC, 0);
    out[4] = REPLAY_CHUNK_FORMAT;
    out[5] = this.#tickRate;
    view.setUint32(6, this.#schema, true);
    view.setUint32(10, this.#index, true);
    view.setUint32(14, this.#firstTick, true);
    view.setUint16(18, this.#lastTick - this.#firstTick, true);
    view.setUint32(20, this.#records, true);
    out.set(body, REPLAY_CHUNK_HEADER_BYTES);
    return out;
  }

  #state(kind: number, tick: number, update: Uint8Array, start: number): void {
    if (!this.#open) throw new Error("no replay chunk open");
    if (tick !== this.#lastTick + 1)
      throw new Error(`replay state of tick ${tick} after tick ${this.#lastTick}`);
    if (tick - this.#firstTick >= MAX_REPLAY_CHUNK_TICKS)
      throw new Error(`a replay chunk spans at most ${MAX_REPLAY_CHUNK_TICKS} ticks`);
    this.#record(kind, tick, update, start);
    this.#lastTick = tick;
  }

  #record(kind: number, tick: number, bytes: Uint8Array, start: number): void {
    const length = bytes.length - start;
    if (length < 1 || length > MAX_REPLAY_RECORD_BYTES)
      throw new Error(`replay record of ${length} bytes`);
    const w = this.#body;
    w.u8(kind).u16(tick - this.#firstTick);
    // varuint: 7 bits a byte, low first, the top bit set on all but the last.
    let n = length;
    while (n >= 0x80) {
      w.u8((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    w.u8(n);
    w.bytes(start === 0 ? bytes : bytes.subarray(start));
    this.#records++;
  }
}
