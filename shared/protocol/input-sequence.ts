// Input sequence numbers on the wire are u32 and wrap: after 0xffffffff comes 0 (at 120
// inputs a second that is 414 days of one session, so a long-lived session does reach it).
// They are compared as serial numbers (RFC 1982): `a` is after `b` when it is less than half
// the space ahead. The client numbers its inputs without bound and maps a wire sequence back
// to its own numbering by the one nearest below its newest input.

/** The size of the sequence space. */
export const SEQ_SPACE = 2 ** 32;

/** Whether u32 sequence `a` comes after `b` (serial-number arithmetic, RFC 1982). */
export function seqAfter(a: number, b: number): boolean {
  const ahead = (a - b) >>> 0;
  return ahead !== 0 && ahead < SEQ_SPACE / 2;
}

/**
 * The unbounded sequence whose wire value is `wire` (u32) nearest at or below `newest` (the
 * newest unbounded sequence it can stand for).
 * @example unwrapSeq(3, 2 ** 32 + 10) === 2 ** 32 + 3; unwrapSeq(0xffff_fffe, 2 ** 32 + 1) === 2 ** 32 - 2
 */
export function unwrapSeq(wire: number, newest: number): number {
  return newest - ((((newest - wire) % SEQ_SPACE) + SEQ_SPACE) % SEQ_SPACE);
}
