// How an update's removals go on the wire: a DELTA addresses them by rank in the client's
// sorted known list (rank gaps), a BASELINE by id (id gaps, the client may hold any tick of a
// range); each carries its reason (the entity left the view, or it is gone). The lists are
// flat id lists selected by entity-lists.ts.

import { gapOrder } from "../bits/universal-codes.js";
import type { WordBitWriter } from "../bits/word-bit-writer.js";
import type { World } from "../world/world.js";
import { REMOVAL_REASON, WIRE_BITS } from "./wire-format.js";

/** Why `e` leaves the client: it left its view (alive), or it is gone. */
function reasonOf(world: World, e: number): number {
  return world.isAlive(e) ? REMOVAL_REASON.LEFT : REMOVAL_REASON.DESPAWNED;
}

/**
 * A DELTA's `n` removals (`ids`, each at rank `ranks[i]` of a known list of `known`, in
 * increasing order): their count, then each one's rank gap and its reason.
 */
export function writeRankedRemovals(
  out: WordBitWriter,
  world: World,
  ids: Int32Array,
  ranks: Int32Array,
  n: number,
  known: number,
): void {
  out.writeExpGolomb(n, 0);
  if (n === 0) return;
  const order = gapOrder(known, n);
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const r = ranks[i]!;
    out.writeExpGolomb(r - prev - 1, order);
    prev = r;
    out.write(reasonOf(world, ids[i]!), WIRE_BITS.REASON);
  }
}

/**
 * A BASELINE's `n` removals (`ids`, increasing): their count, the gap order, then each one's
 * id gap and its reason.
 */
export function writeRemovalIds(
  out: WordBitWriter,
  world: World,
  ids: Int32Array,
  n: number,
): void {
  out.writeExpGolomb(n, 0);
  if (n === 0) return;
  const order = gapOrder(ids[n - 1]! + 1, n);
  out.write(order, WIRE_BITS.GAP_ORDER);
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const e = ids[i]!;
    out.writeExpGolomb(e - prev - 1, order);
    prev = e;
    out.write(reasonOf(world, e), WIRE_BITS.REASON);
  }
}
