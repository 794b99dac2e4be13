// The input queue against a model with unbounded sequences: whatever mix of repeats and gaps
// arrives, and wherever in the u32 space the session started, it queues exactly the inputs
// past the newest one seen, in order, across the wrap.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputQueue } from "./input-queue.js";

describe("InputQueue across the wrap", () => {
  it("queues what an unbounded model queues, from any starting sequence", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 32 - 1 }),
        fc.array(fc.record({ back: fc.nat({ max: 6 }), count: fc.integer({ min: 1, max: 8 }) }), {
          maxLength: 80,
        }),
        (start, frames) => {
          const q = new InputQueue<number>(256);
          let sent = start; // unbounded: the client's next sequence
          let newest = -1;
          const model: number[] = [];
          const got: number[] = [];
          for (const { back, count } of frames) {
            const first = Math.max(start, sent - back); // a frame repeats recent inputs
            for (let i = 0; i < count; i++) {
              const seq = first + i;
              const queued = q.offer(seq % 2 ** 32, seq);
              expect(queued).toBe(seq > newest);
              if (seq > newest) {
                newest = seq;
                model.push(seq);
              }
            }
            sent = Math.max(sent, first + count);
            while (q.size > 0) got.push(q.take()!);
          }
          expect(got).toEqual(model);
        },
      ),
      { seed: 19, numRuns: 300 },
    );
  });
});
