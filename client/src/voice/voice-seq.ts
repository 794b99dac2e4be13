// Voice frame numbers: each speaker counts its 20 ms frames in a u16 that wraps (at 50
// frames a second, every 21.8 minutes of talk). They are compared as serial numbers
// (RFC 1982): `a` is after `b` when it is less than half the space ahead, so a receiver
// orders frames across the wrap as long as it never holds frames 10 minutes apart.

/** The size of the voice sequence space (u16). */
export const VOICE_SEQ_SPACE = 0x1_0000;

/** `seq + n`, wrapped into the u16 space. */
export function voiceSeqAdd(seq: number, n: number): number {
  return (((seq + n) % VOICE_SEQ_SPACE) + VOICE_SEQ_SPACE) % VOICE_SEQ_SPACE;
}

/**
 * How many frames `a` is ahead of `b`, in [−32768, 32767]: positive when `a` comes after.
 * @example voiceSeqDiff(2, 0xfffe) === 4; voiceSeqDiff(0xfffe, 2) === -4
 */
export function voiceSeqDiff(a: number, b: number): number {
  const ahead = (a - b) & 0xffff;
  return ahead >= VOICE_SEQ_SPACE / 2 ? ahead - VOICE_SEQ_SPACE : ahead;
}
