// The ghost wire format: what a zone sends a neighbour about its entities near their shared
// edge, every few ticks. A batch is the whole set (not a delta): an entity missing from the
// next batch is gone from the band, so a lost or late batch heals with the next one and the
// receiver needs no baseline. Only replicated components travel (a ghost is shown, never
// simulated); numeric lanes as float32, since the receiving room quantizes them again for
// its players. Little-endian:
//
//   u8 version (1) | u32 tick | u16 count | count × entity
//   entity: u32 key (the sender's entity id) | u8 flags
//           | flags bit 0 (WAS): str8 zone | u32 key — the entity was that zone's, until a
//             handoff moved it here: a third zone holding a ghost of it keeps that one
//           | u8 components | components ×
//             (u8 wire index in the game's schema | per numeric lane f32 | per string str8)
//
// Bytes per ghost: 6 + Σ (1 + 4 × lanes + strings) — a 2D position and velocity: 23 bytes.

import { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import type { NetworkSchema } from "../schema/network-schema.js";
import type { Entity, World } from "../world/world.js";

/** The format version a batch starts with. */
export const GHOST_BATCH_VERSION = 1;

/** Entry flag: the entry names the zone and key it was known by before a handoff. */
const WAS = 0b0000_0001;

/** Where a ghost's entity was before a handoff brought it to its sender. */
export interface GhostOrigin {
  readonly zone: string;
  readonly key: number;
}

/** One ghost as decoded: the sender's entity id and its components' values. */
export interface GhostEntry {
  readonly key: number;
  readonly was?: GhostOrigin;
  /** Per component present: its wire index, its lanes (flat, field order) and strings. */
  readonly components: readonly {
    readonly index: number;
    readonly lanes: Float64Array;
    readonly strings: readonly string[];
  }[];
}

/** A decoded batch. */
export interface GhostBatch {
  readonly tick: number;
  readonly ghosts: readonly GhostEntry[];
}

/** Encodes the ghosts `entities` of `world` at `tick`, reusing `out` (a sender's writer). */
export function encodeGhostBatch(
  out: ByteWriter,
  world: World,
  schema: NetworkSchema,
  tick: number,
  entities: readonly Entity[],
  wasOf?: (e: Entity) => GhostOrigin | undefined,
): Uint8Array {
  out
    .reset()
    .u8(GHOST_BATCH_VERSION)
    .u32(tick >>> 0)
    .u16(entities.length);
  for (const e of entities) {
    out.u32(e);
    const was = wasOf?.(e);
    out.u8(was ? WAS : 0);
    if (was) out.str8(was.zone).u32(was.key);
    let n = 0;
    for (const def of schema.components) if (world.has(e, def)) n++;
    out.u8(n);
    schema.components.forEach((def, index) => {
      if (!world.has(e, def)) return;
      out.u8(index);
      const store = world.schemaStore(def);
      for (const field of store.lanes) for (const lane of field) out.f32(lane[e]!);
      for (const field of store.strings) out.str8(field[e]!);
    });
  }
  return out.view();
}

/** Entity `e`'s replicated values as a ghost entry under `key` (exact: float64 lanes). */
export function ghostEntryOf(
  world: World,
  schema: NetworkSchema,
  e: Entity,
  key: number,
): GhostEntry {
  const components: GhostEntry["components"][number][] = [];
  schema.components.forEach((def, index) => {
    if (!world.has(e, def)) return;
    const store = world.schemaStore(def);
    const lanes = new Float64Array(def.laneStride);
    let l = 0;
    for (const field of store.lanes) for (const lane of field) lanes[l++] = lane[e]!;
    components.push({ index, lanes, strings: store.strings.map((field) => field[e]!) });
  });
  return { key, components };
}

/** Decodes a batch from a neighbour (trusted, but checked: a bad one is refused whole). */
export function decodeGhostBatch(bytes: Uint8Array, schema: NetworkSchema): Result<GhostBatch> {
  const r = new ByteReader(bytes);
  if (r.u8() !== GHOST_BATCH_VERSION) return err("unknown ghost batch version");
  const tick = r.u32();
  const count = r.u16();
  const ghosts: GhostEntry[] = [];
  for (let i = 0; i < count && !r.failed; i++) {
    const key = r.u32();
    const flags = r.u8();
    if (flags & ~WAS) return err("unknown ghost entry flags");
    const was = flags & WAS ? { zone: r.str8(), key: r.u32() } : undefined;
    const n = r.u8();
    const components: GhostEntry["components"][number][] = [];
    for (let k = 0; k < n && !r.failed; k++) {
      const index = r.u8();
      const def = schema.components[index];
      if (!def) return err(`ghost component ${index} is not in the schema`);
      const lanes = new Float64Array(def.laneStride);
      for (let l = 0; l < lanes.length; l++) lanes[l] = r.f32();
      const strings: string[] = [];
      for (let s = 0; s < def.stringCount; s++) strings.push(r.str8());
      components.push({ index, lanes, strings });
    }
    ghosts.push(was ? { key, was, components } : { key, components });
  }
  if (r.failed || r.remaining !== 0) return err("malformed ghost batch");
  return ok({ tick, ghosts });
}
