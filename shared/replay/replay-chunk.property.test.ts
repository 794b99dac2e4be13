import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReplayChunkWriter } from "./replay-chunk.js";
import { decodeReplayChunk } from "./replay-chunk-decoder.js";
import type { ReplayRecord } from "./replay-record.js";

/** A payload whose first byte fits its record kind (update kind bits, or the EVENT type). */
function payload(kind: ReplayRecord["kind"], body: Uint8Array): Uint8Array {
  const first = kind === "event" ? 0x48 : ((body[0] ?? 0) & 0xfc) | (kind === "key" ? 0 : 1);
  return Uint8Array.of(first, ...body.subarray(1));
}

/** A stream of ticks: a state (key or delta, the first a key) and up to 3 events each. */
const stream = fc
  .array(
    fc.record({
      key: fc.boolean(),
      state: fc.uint8Array({ minLength: 1, maxLength: 200 }),
      events: fc.array(fc.uint8Array({ minLength: 1, maxLength: 20 }), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .chain((ticks) =>
    fc.record({
      firstTick: fc.integer({ min: 0, max: 0xffff_ffff - ticks.length }),
      index: fc.integer({ min: 0, max: 0xffff_ffff }),
      schema: fc.integer({ min: 0, max: 0xffff_ffff }),
      tickRate: fc.integer({ min: 1, max: 120 }),
      ticks: fc.constant(ticks),
    }),
  );

function expected(s: StreamValue): ReplayRecord[] {
  const out: ReplayRecord[] = [];
  s.ticks.forEach((t, i) => {
    const kind = i === 0 || t.key ? "key" : "delta";
    out.push({ kind, tick: s.firstTick + i, bytes: payload(kind, t.state) });
    for (const e of t.events)
      out.push({ kind: "event", tick: s.firstTick + i, bytes: payload("event", e) });
  });
  return out;
}

type StreamValue = {
  firstTick: number;
  index: number;
  schema: number;
  tickRate: number;
  ticks: { key: boolean; state: Uint8Array; events: Uint8Array[] }[];
};

function write(s: StreamValue): Uint8Array {
  const w = new ReplayChunkWriter(s.schema, s.tickRate);
  w.begin(s.index, s.firstTick);
  for (const r of expected(s)) {
    if (r.kind === "key") w.key(r.tick, r.bytes);
    else if (r.kind === "delta") w.delta(r.tick, r.bytes);
    else w.event(r.tick, r.bytes);
  }
  return w.finish();
}

describe("replay chunks", () => {
  it("decode to exactly the records written, in order", () => {
    fc.assert(
      fc.property(stream, (s) => {
        const decoded = decodeReplayChunk(write(s));
        expect(decoded).toEqual({
          ok: true,
          value: {
            format: 2,
            tickRate: s.tickRate,
            schema: s.schema,
            index: s.index,
            firstTick: s.firstTick,
            lastTick: s.firstTick + s.ticks.length - 1,
            records: expected(s),
          },
        });
      }),
      { numRuns: 200 },
    );
  });

  it("never throw on a chunk with bytes flipped or cut, and what they accept re-encodes to the same bytes", () => {
    fc.assert(
      fc.property(
        stream,
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (s, flips, cut) => {
          const bytes = write(s);
          for (const at of flips) {
            const bit = at % (bytes.length * 8);
            bytes[bit >> 3]! ^= 1 << (bit & 7);
          }
          const doctored = bytes.subarray(0, bytes.length - (cut % 3));
          const decoded = decodeReplayChunk(doctored);
          if (!decoded.ok) return;
          const c = decoded.value;
          const w = new ReplayChunkWriter(c.schema, c.tickRate);
          w.begin(c.index, c.firstTick);
          for (const r of c.records) {
            if (r.kind === "key") w.key(r.tick, r.bytes);
            else if (r.kind === "delta") w.delta(r.tick, r.bytes);
            else w.event(r.tick, r.bytes);
          }
          expect(w.finish()).toEqual(doctored);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throw on random bytes behind a valid magic", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (rest) => {
        const bytes = Uint8Array.of(0x45, 0x54, 0x52, 0x43, 1, 30, ...rest);
        expect(typeof decodeReplayChunk(bytes).ok).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });
});
