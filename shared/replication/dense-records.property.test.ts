// DenseRecords is the per-client hot loop: it appends a DELTA's changes from records packed
// once a tick, a record and its rank-gap code in one field where they fit, and sums what each
// component took from lanes of the record's length word. The property: for random changes
// (short records, long ones, several components changed or not), random known lists and gap
// orders, it
// writes exactly the stream of the plain way (each gap as Exp-Golomb, each entity's shared
// delta bits copied), and counts per component exactly the encoder's bits of the entities it
// sent — with more components than the length word has lanes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WordBitWriter, wordsOf } from "../bits/word-bit-writer.js";
import {
  type ComponentDef,
  defineComponent,
  defineNetworkSchema,
  uint8,
  uint32,
} from "../schema/index.js";
import { EntitySet } from "../world/entity-set.js";
import { World } from "../world/index.js";
import { DenseRecords } from "./dense-records.js";
import { TickEncoder } from "./tick-encoder.js";

const ENTITIES = 80;
// Six components, two past the length word's four lanes; Wide's 32-bit value makes a long
// record whenever it changes.
const COMPONENTS: readonly ComponentDef[] = [
  defineComponent("A", { a: uint8() }),
  defineComponent("B", { b: uint8() }),
  defineComponent("C", { c: uint8() }),
  defineComponent("D", { d: uint8() }),
  defineComponent("E", { e: uint8() }),
  defineComponent("Wide", { w: uint32() }),
];
const schema = defineNetworkSchema([...COMPONENTS], { tickSeconds: 1 / 30, maxEntities: 128 });

/** One tick: which entity writes which component's value, and which entities the client knows. */
const tick = fc.record({
  writes: fc.array(
    fc.record({
      entity: fc.integer({ min: 0, max: ENTITIES - 1 }),
      component: fc.integer({ min: 0, max: COMPONENTS.length - 1 }),
      value: fc.integer({ min: 0, max: 255 }),
    }),
    { maxLength: 120 },
  ),
  known: fc.uint8Array({ minLength: ENTITIES, maxLength: ENTITIES }),
  // The rank gaps' Exp-Golomb order: 0 (dense change, gap and record in one field) or more.
  order: fc.integer({ min: 0, max: 3 }),
});

describe("DenseRecords.append", () => {
  it("writes each change's gap and shared bits as a plain copy would, and counts each component's bits", () => {
    fc.assert(
      fc.property(fc.array(tick, { minLength: 1, maxLength: 6 }), (ticks) => {
        const world = new World({ capacity: 128, idReuseDelayTicks: 32 });
        for (let i = 0; i < ENTITIES; i++) {
          const e = world.spawn();
          for (const def of COMPONENTS) world.add(e, def);
        }
        const enc = new TickEncoder(world, schema);
        const records = new DenseRecords(world.capacity, COMPONENTS.length);
        enc.commit();
        for (const { writes, known: pick, order } of ticks) {
          for (const { entity, component, value } of writes) {
            const def = COMPONENTS[component]!;
            const field = Object.keys(def.schema)[0]!;
            // Wide's values reach 2^32 - 1: a long record.
            const v = def.name === "Wide" ? value * 16_843_009 : value;
            world.set(entity, def, { [field]: v });
          }
          enc.commit();
          const known = new EntitySet(world.capacity);
          for (let e = 0; e < ENTITIES; e++) if (pick[e]! % 3 !== 0) known.add(e);
          // The changed entities the client knows, in id order, with their known ranks.
          const ids = new Int32Array(world.capacity);
          const ranks = new Int32Array(world.capacity);
          let n = 0;
          let rank = 0;
          for (let e = 0; e < world.capacity; e++) {
            if (!known.has(e)) continue;
            if (enc.changed.has(e)) {
              ids[n] = e;
              ranks[n++] = rank;
            }
            rank++;
          }
          const source = wordsOf(enc.delta.buffer);
          records.refresh(enc, source);
          const out = new WordBitWriter();
          const sent = new Float64Array(COMPONENTS.length);
          records.append(out, enc, ids, ranks, n, order, sent);

          const plain = new WordBitWriter();
          const want = new Float64Array(COMPONENTS.length);
          let gap = 0;
          for (let e = 0; e < ENTITIES; e++) {
            if (!known.has(e)) continue;
            if (!enc.changed.has(e)) {
              gap++;
              continue;
            }
            plain.writeExpGolomb(gap, order);
            plain.copy(source, enc.deltaStart[e]!, enc.deltaBits[e]!);
            for (let c = 0; c < COMPONENTS.length; c++)
              want[c] = want[c]! + enc.deltaComponentBits[e * COMPONENTS.length + c]!;
            gap = 0;
          }
          expect(out.bitLength).toBe(plain.bitLength);
          expect(Array.from(out.finish())).toEqual(Array.from(plain.finish()));
          expect(Array.from(sent)).toEqual(Array.from(want));
        }
      }),
      { numRuns: 150 },
    );
  });
});
