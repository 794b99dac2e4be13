import { describe, expect, it } from "vitest";
import { EntitySet } from "../world/entity-set.js";
import { UpdateReuse } from "./update-reuse.js";
import { UPDATE_KIND } from "./wire-format.js";

const CAPACITY = 64;

function setOf(...ids: number[]): EntitySet {
  const s = new EntitySet(CAPACITY);
  for (const id of ids) s.add(id);
  return s;
}

describe("UpdateReuse", () => {
  const { DELTA } = UPDATE_KIND;
  const known = setOf(1, 2, 3);

  it("hands the tick's first update to a client in the same position, not to another", () => {
    const reuse = new UpdateReuse(CAPACITY, 1);
    const bytes = new Uint8Array([1, 2, 3]);
    reuse.keep(7, DELTA, bytes, setOf(1, 2), known, 2);
    expect(reuse.find(7, DELTA, setOf(1, 2, 3), setOf(1, 2))).toBe(bytes);
    expect(reuse.find(7, DELTA, setOf(1, 2, 3), setOf(1, 3))).toBeNull();
    expect(reuse.find(7, DELTA, setOf(1, 2), setOf(1, 2))).toBeNull();
    expect(reuse.find(8, DELTA, setOf(1, 2, 3), setOf(1, 2))).toBeNull();
  });

  it("keeps a later update only when its view is as large as the last one offered", () => {
    const reuse = new UpdateReuse(CAPACITY, 1);
    reuse.keep(7, DELTA, new Uint8Array([1]), setOf(1, 2), known, 2);
    // A view of another size starts no run of clients in the same position: not kept (its
    // sets are not copied), and the update kept before is not handed out for it either.
    const third = new Uint8Array([3]);
    reuse.keep(7, DELTA, third, setOf(1, 2, 3), known, 3);
    expect(reuse.find(7, DELTA, known, setOf(1, 2, 3))).toBeNull();
    expect(reuse.find(7, DELTA, known, setOf(1, 2))).toBeNull();
    // The next of that size may be the first of a run: kept.
    const fourth = new Uint8Array([4]);
    reuse.keep(7, DELTA, fourth, setOf(1, 2, 3), known, 3);
    expect(reuse.find(7, DELTA, known, setOf(1, 2, 3))).toBe(fourth);
    // A new tick's first update is kept whatever its size.
    const next = new Uint8Array([5]);
    reuse.keep(8, DELTA, next, setOf(1), known, 1);
    expect(reuse.find(8, DELTA, known, setOf(1))).toBe(next);
  });

  it("always keeps an update whose view was not counted", () => {
    const reuse = new UpdateReuse(CAPACITY, 1);
    reuse.keep(7, DELTA, new Uint8Array([1]), setOf(1, 2), known, 2);
    const uncounted = new Uint8Array([2]);
    reuse.keep(7, DELTA, uncounted, setOf(4), known, -1);
    expect(reuse.find(7, DELTA, known, setOf(4))).toBe(uncounted);
  });
});
