// EntityLists turns a client's bitset words into the flat lists its update is written from.
// The property: for random known, visible, changed, stale and chosen sets, every list holds
// exactly the entities the set algebra of docs/replication.md section 5 names, in id order,
// each ranked by its position in the sorted known list.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EntitySet } from "../world/entity-set.js";
import { EntityLists } from "./entity-lists.js";

const CAPACITY = 160;
const SPAN = CAPACITY / 32;

/** A random subset of the id space, as a set and a membership test. */
const subset = fc.uint8Array({ minLength: CAPACITY, maxLength: CAPACITY });

function setOf(bytes: Uint8Array, keep: (b: number) => boolean): EntitySet {
  const s = new EntitySet(CAPACITY);
  for (let e = 0; e < CAPACITY; e++) if (keep(bytes[e]!)) s.add(e);
  return s;
}

/** The ids of `pick` in increasing order, with their ranks in `known` (−1 when not known). */
function listed(
  pick: (e: number) => boolean,
  known: EntitySet,
): { ids: number[]; ranks: number[] } {
  const ids: number[] = [];
  const ranks: number[] = [];
  let rank = 0;
  for (let e = 0; e < CAPACITY; e++) {
    if (pick(e)) {
      ids.push(e);
      ranks.push(known.has(e) ? rank : -1);
    }
    if (known.has(e)) rank++;
  }
  return { ids, ranks };
}

const sets = fc.record({
  known: subset,
  visible: subset,
  changed: subset,
  stale: subset,
  chosen: subset,
  // Sparse views as well as dense ones: a byte below `density` is in the set.
  density: fc.integer({ min: 1, max: 255 }),
});

describe("EntityLists", () => {
  it("lists the owed changes, removals and upserts of a DELTA with their known ranks", () => {
    fc.assert(
      fc.property(sets, (s) => {
        const known = setOf(s.known, (b) => b < s.density);
        const visible = setOf(s.visible, (b) => b < s.density);
        const changed = setOf(s.changed, (b) => b % 5 !== 0);
        const lists = new EntityLists(CAPACITY);
        lists.selectOwed(visible.words, known.words, changed.words, SPAN);

        const ch = listed((e) => known.has(e) && visible.has(e) && changed.has(e), known);
        const rm = listed((e) => known.has(e) && !visible.has(e), known);
        const up = listed((e) => visible.has(e) && !known.has(e), known);
        expect(Array.from(lists.changedIds.subarray(0, lists.changed))).toEqual(ch.ids);
        expect(Array.from(lists.changedRanks.subarray(0, lists.changed))).toEqual(ch.ranks);
        expect(Array.from(lists.removedIds.subarray(0, lists.removed))).toEqual(rm.ids);
        expect(Array.from(lists.removedRanks.subarray(0, lists.removed))).toEqual(rm.ranks);
        expect(Array.from(lists.upsertIds.subarray(0, lists.upserts))).toEqual(up.ids);
        expect(lists.known).toBe(known.count());
      }),
      { numRuns: 200 },
    );
  });

  it("lists stale entities in full and the selection's choice as a DELTA in general", () => {
    fc.assert(
      fc.property(sets, fc.boolean(), (s, whole) => {
        const known = setOf(s.known, (b) => b < s.density);
        const visible = setOf(s.visible, (b) => b < s.density);
        const changed = setOf(s.changed, (b) => b % 5 !== 0);
        const stale = setOf(s.stale, (b) => b % 7 === 0);
        const chosen = setOf(s.chosen, (b) => b % 2 === 0);
        const chosenFull = setOf(s.chosen, (b) => b % 3 === 0);
        const lists = new EntityLists(CAPACITY);
        lists.selectDelta(
          visible.words,
          known.words,
          stale.words,
          changed.words,
          chosen.words,
          chosenFull.words,
          whole,
          SPAN,
        );

        const kept = (e: number) => known.has(e) && visible.has(e);
        const ch = listed(
          (e) => kept(e) && (whole ? changed.has(e) && !stale.has(e) : chosen.has(e)),
          known,
        );
        const rm = listed((e) => known.has(e) && !visible.has(e), known);
        const up = listed(
          (e) => (whole ? visible.has(e) && (!known.has(e) || stale.has(e)) : chosenFull.has(e)),
          known,
        );
        expect(Array.from(lists.changedIds.subarray(0, lists.changed))).toEqual(ch.ids);
        expect(Array.from(lists.changedRanks.subarray(0, lists.changed))).toEqual(ch.ranks);
        expect(Array.from(lists.removedIds.subarray(0, lists.removed))).toEqual(rm.ids);
        expect(Array.from(lists.removedRanks.subarray(0, lists.removed))).toEqual(rm.ranks);
        expect(Array.from(lists.upsertIds.subarray(0, lists.upserts))).toEqual(up.ids);
      }),
      { numRuns: 200 },
    );
  });

  it("lists a FULL update's set and a BASELINE's removals and upserts", () => {
    fc.assert(
      fc.property(sets, fc.integer({ min: 0, max: 20 }), (s, b) => {
        const visible = setOf(s.visible, (x) => x < s.density);
        const union = setOf(s.known, (x) => x < s.density);
        const both = setOf(s.known, (x) => x < s.density / 2);
        const lastChange = Float64Array.from(s.changed, (x) => x % 40);
        const lists = new EntityLists(CAPACITY);
        lists.selectFull(visible.words, SPAN);
        expect(Array.from(lists.upsertIds.subarray(0, lists.upserts))).toEqual(
          listed((e) => visible.has(e), union).ids,
        );

        lists.selectSince(visible.words, union.words, both.words, lastChange, b, SPAN);
        const rm = listed((e) => union.has(e) && !visible.has(e), union);
        const up = listed((e) => visible.has(e) && (!both.has(e) || lastChange[e]! > b), union);
        expect(Array.from(lists.removedIds.subarray(0, lists.removed))).toEqual(rm.ids);
        expect(Array.from(lists.upsertIds.subarray(0, lists.upserts))).toEqual(up.ids);
      }),
      { numRuns: 200 },
    );
  });
});
