import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VOICE_SEQ_SPACE, voiceSeqAdd, voiceSeqDiff } from "./voice-seq.js";

const seq = fc.integer({ min: 0, max: VOICE_SEQ_SPACE - 1 });
const step = fc.integer({ min: -(VOICE_SEQ_SPACE / 2), max: VOICE_SEQ_SPACE / 2 - 1 });

describe("voice sequence numbers", () => {
  it("order frames across the wrap", () => {
    expect(voiceSeqAdd(0xffff, 1)).toBe(0);
    expect(voiceSeqAdd(0, -1)).toBe(0xffff);
    expect(voiceSeqDiff(2, 0xfffe)).toBe(4);
    expect(voiceSeqDiff(0xfffe, 2)).toBe(-4);
  });

  it("measure back any step shorter than half the space", () => {
    fc.assert(
      fc.property(seq, step, (s, n) => {
        const t = voiceSeqAdd(s, n);
        expect(t).toBeGreaterThanOrEqual(0);
        expect(t).toBeLessThan(VOICE_SEQ_SPACE);
        expect(voiceSeqDiff(t, s)).toBe(n);
      }),
    );
  });
});
