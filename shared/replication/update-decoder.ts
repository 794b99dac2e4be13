// Walks one update (layout in docs/replication.md). It runs twice per update: a dry pass
// that validates everything against the current mirror without touching it, then an apply
// pass over the same bits. Hostile bytes therefore never leave a half-applied mirror, and
// no branch throws: every violation fails the reader and ends the walk.

import type { BitReader } from "../bits/bit-reader.js";
import { gapOrder, readExpGolomb } from "../bits/universal-codes.js";
import {
  commitComponentDelta,
  commitComponentFull,
  readComponentDelta,
  readComponentFull,
} from "./component-decoder.js";
import type { Mirror } from "./mirror.js";
import { REMOVAL_REASON, UPDATE_KIND, WIRE_BITS } from "./wire-format.js";

/** Counts of what an update did. */
export interface UpdateCounts {
  changed: number;
  spawned: number;
  despawned: number;
  /** Of `despawned`, those whose removal says REMOVAL_REASON.LEFT (out of view). */
  left: number;
}

/** Reads the header; returns the update's tick, or a reason to refuse it. */
export function readHeader(r: BitReader, m: Mirror, kind: number): number | string {
  if (kind === UPDATE_KIND.FULL) {
    const t = r.readBits(WIRE_BITS.TICK);
    if (r.failed) return "truncated header";
    return m.tick >= 0 && t <= m.tick ? `stale full state (tick ${t} ≤ ${m.tick})` : t;
  }
  if (kind !== UPDATE_KIND.DELTA && kind !== UPDATE_KIND.BASELINE)
    return `unknown update kind ${kind}`;
  if (m.tick < 0) return "delta before any full state";
  const low = r.readBits(WIRE_BITS.TICK_LOW);
  const span = kind === UPDATE_KIND.DELTA ? 1 : readExpGolomb(r, 0) + 1;
  if (r.failed) return "truncated header";
  const ahead = (low - m.tick) & 0xffff;
  if (ahead < 1 || ahead > span) return `baseline not held (client at tick ${m.tick})`;
  return m.tick + ahead;
}

/** DELTA: changed entities, addressed by rank in the known list. */
export function readChanges(
  r: BitReader,
  m: Mirror,
  t: number,
  apply: boolean,
  counts: UpdateCounts,
): void {
  const n = readExpGolomb(r, 0);
  if (n > m.count) return r.fail();
  if (n > 0) readOrders(r, m);
  const k = gapOrder(m.count, n);
  let rank = -1;
  for (let i = 0; i < n && !r.failed; i++) {
    rank += readExpGolomb(r, k) + 1;
    if (rank >= m.count) return r.fail();
    readEntityDelta(r, m, m.known[rank]!, t, apply);
  }
  counts.changed += n;
}

/** The coded fields' orders of a DELTA's changes: a flag, then 4 bits each when it is 1. */
function readOrders(r: BitReader, m: Mirror): void {
  const given = r.readBits(1) === 1;
  // Index loops: a for-of allocates its iterator in the tiers this once-an-update function
  // runs in for a long time.
  const scratch = m.scratch;
  for (let c = 0; c < scratch.length; c++) {
    const orders = scratch[c]!.orders;
    for (let f = 0; f < orders.length; f++)
      orders[f] = given ? r.readBits(WIRE_BITS.CODED_ORDER) : 0;
  }
}

function readEntityDelta(r: BitReader, m: Mirror, id: number, t: number, apply: boolean): void {
  const defs = m.schema.components;
  const previous = m.replica.presence[id]!;
  let presence = previous;
  if (defs.length > 1 && r.readBits(WIRE_BITS.STRUCTURE) === 1) {
    presence = r.readBits(defs.length);
    if (presence === 0) return r.fail();
  }
  if (apply) m.setPresence(id, presence);
  for (let c = 0; c < defs.length && !r.failed; c++) {
    if ((presence & (1 << c)) === 0) continue;
    const rep = m.replica.components[c]!;
    const s = m.scratch[c]!;
    if ((previous & (1 << c)) === 0) {
      readComponentFull(r, defs[c]!, s);
      if (!apply || r.failed) continue;
      commitComponentFull(rep, id, s, t);
      m.materialize(id, c, undefined);
    } else if (r.readBits(WIRE_BITS.CHANGED) === 1) {
      readComponentDelta(r, rep, id, t, s);
      if (!apply || r.failed) continue;
      commitComponentDelta(rep, id, s, t);
      m.materialize(id, c, s.changed);
    }
  }
}

/** DELTA: removals addressed by rank in the known list, each with a reason bit. */
export function readRankedRemovals(
  r: BitReader,
  m: Mirror,
  apply: boolean,
  counts: UpdateCounts,
): void {
  const n = readExpGolomb(r, 0);
  if (n > m.count) return r.fail();
  const k = gapOrder(m.count, n);
  const count = m.count;
  let rank = -1;
  for (let i = 0; i < n && !r.failed; i++) {
    rank += readExpGolomb(r, k) + 1;
    if (r.readBits(WIRE_BITS.REASON) === REMOVAL_REASON.LEFT) counts.left++;
    if (rank >= count) return r.fail();
    if (apply) m.despawn(m.known[rank]!);
  }
  counts.despawned += n;
}

/**
 * The id-list header just read: its count and gap order. One holder for the module, reused:
 * a returned pair would be an allocation per list, two lists an update, on every client.
 */
const LIST = { n: 0, k: 0 };

/** Reads an id-list header into {@link LIST} (a refusal fails the reader). */
function readIdListHeader(r: BitReader, m: Mirror): void {
  const n = readExpGolomb(r, 0);
  const k = n > 0 ? r.readBits(WIRE_BITS.GAP_ORDER) : 0;
  if (n > m.schema.maxEntities || k > 24) r.fail();
  LIST.n = n;
  LIST.k = k;
}

/** BASELINE: removals by id (ids the client does not hold are ignored). */
export function readIdRemovals(
  r: BitReader,
  m: Mirror,
  apply: boolean,
  counts: UpdateCounts,
): void {
  readIdListHeader(r, m);
  const { n, k } = LIST;
  let id = -1;
  for (let i = 0; i < n && !r.failed; i++) {
    id += readExpGolomb(r, k) + 1;
    const reason = r.readBits(WIRE_BITS.REASON);
    if (id >= m.schema.maxEntities) return r.fail();
    if (m.entityOf[id]! < 0) continue;
    counts.despawned++;
    if (reason === REMOVAL_REASON.LEFT) counts.left++;
    if (apply) m.despawn(id);
  }
}

/**
 * Upserts by id with full states: a new id spawns, a held id is replaced (a refresh of an
 * entity whose changes a byte budget held back). FULL updates stamp what they list.
 */
export function readUpserts(
  r: BitReader,
  m: Mirror,
  t: number,
  apply: boolean,
  counts: UpdateCounts,
): void {
  readIdListHeader(r, m);
  const { n, k } = LIST;
  const defs = m.schema.components;
  let fresh = 0;
  let id = -1;
  for (let i = 0; i < n && !r.failed; i++) {
    id += readExpGolomb(r, k) + 1;
    if (id >= m.schema.maxEntities) return r.fail();
    const held = m.entityOf[id]! >= 0;
    const presence = defs.length > 1 ? r.readBits(defs.length) : 1;
    if (presence === 0) return r.fail();
    if (held) counts.changed++;
    else {
      counts.spawned++;
      fresh++;
    }
    if (apply) {
      if (!held) m.spawn(id);
      m.setPresence(id, presence);
      m.listed[id] = t;
    }
    for (let c = 0; c < defs.length && !r.failed; c++) {
      if ((presence & (1 << c)) === 0) continue;
      const s = m.scratch[c]!;
      readComponentFull(r, defs[c]!, s);
      if (!apply || r.failed) continue;
      commitComponentFull(m.replica.components[c]!, id, s, t);
      m.materialize(id, c, undefined);
    }
  }
  if (!apply && m.world.spawnable(fresh) < fresh) r.fail();
}

/** FULL: drops every held id the update did not list. */
export function dropUnlisted(m: Mirror, t: number, apply: boolean, counts: UpdateCounts): void {
  for (let i = 0; i < m.count; i++) {
    const id = m.known[i]!;
    if (m.listed[id] === t) continue;
    counts.despawned++;
    if (apply) m.despawn(id);
  }
}
