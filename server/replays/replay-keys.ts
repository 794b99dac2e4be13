// Where a replay lives: its id and its objects' keys in the REPLAYS bucket. Ids begin with
// the match's start time (12 hex digits of Unix ms), so ids — and the keys under
// `replays/` — sort by age: retention deletes everything below one key, with no index.

/** A replay id: "rp_", 12 hex digits of the start time (Unix ms), 12 random hex digits. */
export const REPLAY_ID_PATTERN = /^rp_[0-9a-f]{24}$/;

/** Every replay object's key starts with this. */
export const REPLAY_KEY_PREFIX = "replays/";

/** Hex digits of the start time in an id: Unix ms below 2^48 (the year 10889). */
const TIME_DIGITS = 12;

/** `value` as `digits` lower-case hex digits. */
function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}

/**
 * A new replay id for a match started at `startedAt` (Unix ms).
 * @param random fills bytes with random values (the platform's crypto.getRandomValues)
 * @example
 * const id = newReplayId(Date.now(), (b) => crypto.getRandomValues(b)); // "rp_019a4b…"
 */
export function newReplayId(startedAt: number, random: (bytes: Uint8Array) => void): string {
  const bytes = new Uint8Array(6);
  random(bytes);
  let tail = "";
  for (const b of bytes) tail += hex(b, 2);
  return `rp_${hex(Math.max(0, Math.floor(startedAt)), TIME_DIGITS)}${tail}`;
}

/** When the match of replay `id` started (Unix ms), or undefined for a malformed id. */
export function replayStartedAt(id: string): number | undefined {
  return REPLAY_ID_PATTERN.test(id) ? Number.parseInt(id.slice(3, 3 + TIME_DIGITS), 16) : undefined;
}

/** The key of chunk `index` (from 0) of replay `id`. */
export function chunkKey(id: string, index: number): string {
  return `${REPLAY_KEY_PREFIX}${id}/${index}`;
}

/** The key of replay `id`'s manifest. */
export function manifestKey(id: string): string {
  return `${REPLAY_KEY_PREFIX}${id}/manifest.json`;
}

/**
 * Every key below this one belongs to a replay whose match started before `cutoff` (Unix
 * ms): its id's time digits are smaller. A replay started at `cutoff` itself sorts above it.
 */
export function keyBoundBefore(cutoff: number): string {
  return `${REPLAY_KEY_PREFIX}rp_${hex(Math.max(0, Math.floor(cutoff)), TIME_DIGITS)}`;
}
