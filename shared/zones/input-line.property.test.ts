import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputLine } from "./input-line.js";
import { ZONE_INPUT_WINDOW, type ZoneInput } from "./zone-input.js";

/** The zone input a core samples at world sequence `seq` (inputs are their own sequence). */
function sampled(seq: number): ZoneInput<number> {
  const inputs: number[] = [];
  for (let i = 0; i < ZONE_INPUT_WINDOW; i++) inputs.push(seq - i);
  return { seq, inputs };
}

/**
 * What a room hands the zone, tick by tick, from a core that sampled `seqs` (a core on its own
 * ticker skips or repeats sequences: steps of 0 to ZONE_INPUT_WINDOW).
 */
const SAMPLES = fc
  .tuple(
    fc.integer({ min: 0, max: ZONE_INPUT_WINDOW - 1 }),
    fc.array(fc.integer({ min: 0, max: ZONE_INPUT_WINDOW }), { maxLength: 200 }),
  )
  .map(([first, steps]) => {
    // The first sample is within the window of sequence 0 (a core numbers from 0).
    let seq = first;
    return [first, ...steps.map((d) => (seq += d))];
  });

describe("InputLine", () => {
  it("applies a core's sequences each exactly once, in order, filling skips from the window", () => {
    fc.assert(
      fc.property(SAMPLES, fc.array(fc.boolean(), { maxLength: 400 }), (seqs, takes) => {
        const line = new InputLine<number>(1024);
        const applied: number[] = [];
        let t = 0;
        for (const seq of seqs) {
          line.offer(sampled(seq));
          // The room takes one a tick; some ticks find the line empty, some run twice.
          const n = takes[t++] ? 2 : 1;
          for (let i = 0; i < n; i++) {
            const input = line.take();
            if (input !== undefined) applied.push(input);
          }
        }
        for (let x = line.take(); x !== undefined; x = line.take()) applied.push(x);
        const last = seqs[seqs.length - 1]!;
        expect(applied).toEqual(Array.from({ length: last + 1 }, (_, i) => i));
        expect(line.lost).toBe(0);
      }),
    );
  });

  it("counts a skip wider than the window as lost, never as applied", () => {
    const line = new InputLine<number>(64);
    line.offer(sampled(0));
    line.offer(sampled(ZONE_INPUT_WINDOW + 1));
    const applied: number[] = [];
    for (let x = line.take(); x !== undefined; x = line.take()) applied.push(x);
    // 0, then 2..5 from the window of 5: sequence 1 is lost.
    expect(applied).toEqual([0, 2, 3, 4, 5]);
    expect(line.lost).toBe(1);
  });

  it("cut at a handoff: the old zone's run up to lastSeq and the new one's after it cover all", () => {
    fc.assert(
      fc.property(SAMPLES, SAMPLES, fc.nat(), (oldSeqs, newSeqs, cutAt) => {
        // The old zone applies a prefix; the new zone buffered from a later start (parked).
        const a = new InputLine<number>(1024);
        const applied: number[] = [];
        const prefix = oldSeqs.slice(0, 1 + (cutAt % oldSeqs.length));
        for (const s of prefix) {
          a.offer(sampled(s));
          const x = a.take();
          if (x !== undefined) applied.push(x);
        }
        const lastSeq = a.applied;
        // The next zone's core started sampling somewhere at or before lastSeq + 1 (the
        // commit waits for that: covers() in zone-handoffs.ts).
        const start = Math.max(0, lastSeq + 1 - (cutAt % 5));
        const b = new InputLine<number>(1024);
        for (const s of newSeqs) b.offer(sampled(start + s));
        b.startAfter(lastSeq);
        for (let x = b.take(); x !== undefined; x = b.take()) applied.push(x);
        const last = start + newSeqs[newSeqs.length - 1]!;
        const expected = Array.from({ length: Math.max(last, lastSeq) + 1 }, (_, i) => i);
        expect(applied).toEqual(expected);
        expect(b.lost).toBe(0);
      }),
    );
  });
});
