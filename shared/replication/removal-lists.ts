// How an update's removals go on the wire: a DELTA addresses them by rank in the client's
// sorted known list (rank gaps), a BASELINE by id (id gaps, the client may hold any tick of a
// range); each carries its reason (the entity left the view, or it is gone). The lists are
// bitset words selected by update-lists.ts.

import { gapOrder } from "../bits/universal-codes.js";
import type { WordBitWriter } from "../bits/word-bit-writer.js";
import { popcount } from "../world/entity-set.js";
import type { World } from "../world/world.js";
import { REMOVAL_REASON, WIRE_BITS } from "./wire-format.js";

/** Why `e` leaves the client: it left its view (alive), or it is gone. */
function reasonOf(world: World, e: number): number {
  return world.isAlive(e) ? REMOVAL_REASON.LEFT : REMOVAL_REASON.DESPAWNED;
}

/**
 * A DELTA's `n` removals (`removed`, a subset of the known list `kw`, both bitset words up to
 * `span`): their count, then each one's rank gap in a list of `known` and its reason.
 * `rankBefore[w]` is how many known entities precede word w.
 */
export function writeRankedRemovals(
  out: WordBitWriter,
  world: World,
  removed: Uint32Array,
  kw: Uint32Array,
  rankBefore: Int32Array,
  span: number,
  n: number,
  known: number,
): void {
  out.writeExpGolomb(n, 0);
  if (n === 0) return;
  const order = gapOrder(known, n);
  let prev = -1;
  for (let w = 0; w < span; w++) {
    let gone = removed[w]!;
    if (gone === 0) continue;
    const k = kw[w]!;
    const rank = rankBefore[w]!;
    while (gone !== 0) {
      const low = gone & -gone;
      gone ^= low;
      const r = rank + popcount(k & (low - 1));
      out.writeExpGolomb(r - prev - 1, order);
      prev = r;
      out.write(reasonOf(world, (w << 5) + 31 - Math.clz32(low)), WIRE_BITS.REASON);
    }
  }
}

/**
 * A BASELINE's `n` removals (`removed`, bitset words up to `span`): their count, the gap
 * order, then each one's id gap and its reason.
 */
export function writeRemovalIds(
  out: WordBitWriter,
  world: World,
  removed: Uint32Array,
  span: number,
  n: number,
): void {
  out.writeExpGolomb(n, 0);
  if (n === 0) return;
  let last = -1;
  for (let w = span - 1; w >= 0 && last < 0; w--)
    if (removed[w] !== 0) last = (w << 5) + 31 - Math.clz32(removed[w]!);
  const order = gapOrder(last + 1, n);
  out.write(order, WIRE_BITS.GAP_ORDER);
  let prev = -1;
  for (let w = 0; w < span; w++) {
    let bits = removed[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      bits ^= low;
      const e = (w << 5) + 31 - Math.clz32(low);
      out.writeExpGolomb(e - prev - 1, order);
      prev = e;
      out.write(reasonOf(world, e), WIRE_BITS.REASON);
    }
  }
}
