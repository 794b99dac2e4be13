// WordBitWriter.finish() hands out views of its buffer kept per end byte, made a band of lengths
// at a time: a room finishes one update per client per tick, their sizes wander, and a view
// made for each size when first seen was the one allocation left in a warm steering room's tick.
import { describe, expect, it } from "vitest";
import { WordBitWriter } from "../../shared/bits/word-bit-writer.js";
import { allocatedDuring } from "./heap-meter.js";

/** Reserved bytes, as a SNAPSHOT's header: the stream starts at byte 8, views at byte 2. */
const RESERVED = 6;

/** Finishes a stream of `bytes` whole bytes. */
function finishAt(w: WordBitWriter, bytes: number): Uint8Array {
  w.reset();
  for (let i = 0; i < bytes; i++) w.write(i & 0xff, 8);
  return w.finish();
}

describe("WordBitWriter.finish", () => {
  it("allocates nothing for a length it has not finished before, once its band has been seen", () => {
    // End bytes 320-383 (streams of 312-375 bytes) are one band. Each attempt takes a fresh
    // writer, finishes one length of the band on both turns, then every other length of it
    // on both turns; an attempt with a collection or code installed inside reads NaN.
    let bytes = Number.NaN;
    let frames = 0;
    for (let attempt = 0; attempt < 5 && Number.isNaN(bytes); attempt++) {
      const w = new WordBitWriter(RESERVED, 1024);
      finishAt(w, 330);
      finishAt(w, 330);
      bytes = allocatedDuring(() => {
        for (let n = 312; n <= 375; n++) {
          if (n === 330) continue;
          frames += finishAt(w, n).byteLength > 0 ? 1 : 0;
          frames += finishAt(w, n).byteLength > 0 ? 1 : 0;
        }
      });
    }
    expect(frames).toBeGreaterThan(0);
    // 126 finishes of new lengths: a view each (~100 B) would be ~12 KB. What is left is the
    // statistics read's own allocation (at most 648 B).
    expect(bytes).toBeLessThan(1024);
  });

  it("hands out views of the bytes written, alternating between two per length", () => {
    const w = new WordBitWriter(RESERVED, 1024);
    const a = finishAt(w, 100);
    const b = finishAt(w, 100);
    const c = finishAt(w, 101);
    expect(a).not.toBe(b);
    expect(a.byteLength).toBe(RESERVED + 100);
    expect(c.byteLength).toBe(RESERVED + 101);
    expect([...c.subarray(RESERVED, RESERVED + 4)]).toEqual([0, 1, 2, 3]);
    // c took a's turn; the turns go on alternating.
    expect(finishAt(w, 100)).toBe(b);
    expect(finishAt(w, 100)).toBe(a);
  });
});
