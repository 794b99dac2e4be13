// How the bench plays a recorded replay: a chunk's states in order (each checked against the
// live room's state at its tick), and a seek — what a player does to land on any tick: decode
// the chunk holding it, forget the mirror, apply the latest keyframe at or before the tick and
// the deltas after it up to the tick.
import { decodeReplayChunk, type ReplayChunk } from "../../shared/replay/index.js";

/** A decoded world a replay is applied to. */
export interface ReplayMirror {
  /** Forgets everything: the next update must be a FULL. */
  reset(): void;
  /** Applies one update (a record's bytes); throws when refused. */
  apply(update: Uint8Array): void;
}

/** Decodes a chunk the room handed over; throws on a refusal (a recorder bug). */
export function decodeChunk(bytes: Uint8Array): ReplayChunk {
  const decoded = decodeReplayChunk(bytes);
  if (!decoded.ok) throw new Error(`replay chunk refused: ${decoded.error}`);
  return decoded.value;
}

/**
 * Applies every state of `chunk` in order (events skipped) to `mirror`, which must hold the
 * state just before the chunk's first tick or nothing; `onState(tick)` runs after each.
 * Returns the number of states applied.
 */
export function playChunk(
  chunk: ReplayChunk,
  mirror: ReplayMirror,
  onState: (tick: number) => void,
): number {
  let states = 0;
  for (const r of chunk.records) {
    if (r.kind === "event") continue;
    mirror.apply(r.bytes);
    states++;
    onState(r.tick);
  }
  return states;
}

/**
 * Seeks `mirror` to `tick` of the chunk `bytes` (which must hold it): decodes the chunk,
 * resets the mirror, applies the latest keyframe at or before `tick` and every state after
 * it through `tick`. Returns the number of states applied (1 when `tick` is a keyframe).
 */
export function seekInChunk(bytes: Uint8Array, tick: number, mirror: ReplayMirror): number {
  const chunk = decodeChunk(bytes);
  if (tick < chunk.firstTick || tick > chunk.lastTick)
    throw new Error(`seek: tick ${tick} is outside chunk ${chunk.firstTick}-${chunk.lastTick}`);
  const records = chunk.records;
  // One state a tick, a KEY on keyframe ticks (a DELTA otherwise); the chunk starts with a
  // KEY, so the search always finds one.
  let from = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.tick > tick) break;
    if (r.kind === "key") from = i;
  }
  mirror.reset();
  let states = 0;
  for (let i = from; i < records.length; i++) {
    const r = records[i]!;
    if (r.tick > tick) break;
    if (r.kind === "event") continue;
    mirror.apply(r.bytes);
    states++;
  }
  return states;
}
