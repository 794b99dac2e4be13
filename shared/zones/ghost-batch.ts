// The ghost wire format: what a zone sends a neighbour about its entities near their shared
// edge, every few ticks. A batch is the whole set (not a delta): an entity missing from the
// next batch is gone from the band, so a lost or late batch heals with the next one and the
// receiver needs no baseline. Only replicated components travel (a ghost is shown, never
// simulated), each field at its declared precision as a full replication update writes it:
// integers exact, floats to their step (the receiving room would round them so for its
// players anyway). Little-endian:
//
//   u8 version (2) | u32 tick | u16 count | count × entity
//   entity: u32 key (the sender's entity id) | u8 flags
//           | flags bit 0 (WAS): str8 zone | u32 key — the entity was that zone's, until a
//             handoff moved it here: a third zone holding a ghost of it keeps that one
//           | u8 components | components ×
//             (u8 wire index in the game's schema | u16 n | n bytes: the fields in order,
//              bit-packed — a numeric field's codes (NumericField.write), a string as
//              StringField.writeString — zero-padded to a byte)
//
// Bytes per ghost: 6 + Σ (3 + ⌈field bits / 8⌉) — the world game's avatar (a u16 owner, a
// u32 tag, a velocity and a position) takes 23, where float32 lanes took 31.

import { BitReader } from "../bits/bit-reader.js";
import { BitWriter } from "../bits/bit-writer.js";
import { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import type { ComponentDef } from "../schema/component.js";
import type { NetworkSchema } from "../schema/network-schema.js";
import type { Entity, World } from "../world/world.js";

/** The format version a batch starts with. */
export const GHOST_BATCH_VERSION = 2;

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
      const bits = writeFields(world, def, e);
      out.u8(index).u16(bits.length).bytes(bits);
    });
  }
  return out.view();
}

/** Scratch of the encoder: one component's bits, its codes (single-threaded: reused). */
const scratch = { bits: new BitWriter({ initialBytes: 256 }), codes: new Float64Array(16) };

/** Entity `e`'s component `def` as its fields' bits (valid until the next call). */
function writeFields(world: World, def: ComponentDef, e: Entity): Uint8Array {
  const { bits } = scratch;
  if (scratch.codes.length < def.codeStride) scratch.codes = new Float64Array(def.codeStride);
  const { codes } = scratch;
  const store = world.schemaStore(def);
  bits.reset();
  for (const f of def.fields) {
    if (f.field.kind === "string") f.field.writeString(bits, store.strings[f.stringAt]![e]!);
    else {
      f.field.quantize(store.lanes[f.index]!, e, codes, f.codeAt);
      f.field.write(bits, codes, f.codeAt);
    }
  }
  bits.alignToByte();
  return bits.finish();
}

/** Reads component `def`'s fields from `bytes` into a ghost entry's lanes and strings. */
function readFields(
  def: ComponentDef,
  bytes: Uint8Array,
): GhostEntry["components"][number] | undefined {
  const r = new BitReader(bytes);
  const codes = new Float64Array(def.codeStride);
  const lanes = new Float64Array(def.laneStride);
  const strings: string[] = [];
  for (const f of def.fields) {
    if (f.field.kind === "string") {
      strings.push(f.field.readString(r));
      continue;
    }
    f.field.read(r, codes, f.codeAt);
    if (r.failed) return undefined;
    const views: Float64Array[] = [];
    for (let l = 0; l < f.field.lanes; l++) views.push(lanes.subarray(f.laneAt + l));
    f.field.dequantize(codes, f.codeAt, views, 0);
  }
  // Only the zero padding of the last byte may be left.
  if (r.failed || r.bitsRemaining >= 8) return undefined;
  return { index: -1, lanes, strings };
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
      const fields = readFields(def, r.bytes(r.u16()));
      if (!fields) return err(`malformed ghost component ${index}`);
      components.push({ ...fields, index });
    }
    ghosts.push(was ? { key, was, components } : { key, components });
  }
  if (r.failed || r.remaining !== 0) return err("malformed ghost batch");
  return ok({ tick, ghosts });
}
