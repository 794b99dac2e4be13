// Resume tokens: the bearer secret a client presents to get its player back after a
// reconnection. Hosts pass a source of real randomness (crypto.getRandomValues in workerd,
// browsers and Node); shared/ reads no platform API, so without one the room falls back to
// a seeded generator that is unique but guessable — for tests and benches only.

/** Fills `bytes` with random values (e.g. `(b) => crypto.getRandomValues(b)`). */
export type RandomFill = (bytes: Uint8Array) => void;

/** Bytes of randomness per token: 128 bits, 32 hex characters on the wire. */
export const RESUME_TOKEN_BYTES = 16;

/**
 * The fallback generator's seed for room `roomId` (FNV-1a of the id). A room restored from a
 * snapshot of `restoredTick` mixes that in: it must not replay the tokens it handed out before.
 */
export function resumeTokenSeed(roomId: string, restoredTick?: number): number {
  let h = 0x811c_9dc5;
  for (let i = 0; i < roomId.length; i++) h = Math.imul(h ^ roomId.charCodeAt(i), 0x0100_0193);
  return (h >>> 0) ^ (restoredTick === undefined ? 0 : restoredTick + 1);
}

/** Makes resume tokens from `fill`, or from a seeded xorshift when there is none. */
export function resumeTokenSource(fill?: RandomFill, seed = 0x9e37_79b9): () => string {
  const bytes = new Uint8Array(RESUME_TOKEN_BYTES);
  let state = seed >>> 0 || 1;
  const fallback: RandomFill = (b) => {
    for (let i = 0; i < b.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      b[i] = state & 0xff;
    }
  };
  const random = fill ?? fallback;
  return () => {
    random(bytes);
    let hex = "";
    for (const b of bytes) hex += b.toString(16).padStart(2, "0");
    return hex;
  };
}
