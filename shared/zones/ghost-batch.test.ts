import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import {
  defineComponent,
  defineNetworkSchema,
  quantizedFloat,
  uint16,
  uint32,
  vec2,
} from "../schema/index.js";
import { World } from "../world/world.js";
import { decodeGhostBatch, encodeGhostBatch } from "./ghost-batch.js";
import { GhostMirror } from "./ghost-mirror.js";

const Body = defineComponent("GhostBody", {
  pos: vec2({ min: 0, max: 100, step: 1 / 64 }),
  hp: uint16(),
});
const SCHEMA = defineNetworkSchema([Body], { tickSeconds: 1 / 30, maxEntities: 64 });

function sender(): { world: World; a: number; b: number } {
  const world = new World({ capacity: 64 });
  const a = world.spawn();
  world.add(a, Body, { pos: { x: 1.5, y: 2.25 }, hp: 7 });
  const b = world.spawn();
  world.add(b, Body, { pos: { x: 99, y: 0 }, hp: 1 });
  return { world, a, b };
}

describe("ghost batches", () => {
  it("round-trip entities, values and a handoff origin; 15 bytes a ghost of this schema", () => {
    const { world, a, b } = sender();
    const bytes = encodeGhostBatch(new ByteWriter(), world, SCHEMA, 42, [a, b], (e) =>
      e === b ? { zone: "0.1", key: 9 } : undefined,
    ).slice();
    // 7 header bytes; a: u32 key, u8 flags, u8 count, u8 index, u16 length, then the fields'
    // bits: pos 2 × 13 (6,401 steps of 1/64) + hp 16 = 42 bits in 6 bytes: 15;
    // b: 15 + str8 "0.1" (4) + u32 key (4) = 23.
    expect(bytes.byteLength).toBe(7 + 15 + 23);
    const r = decodeGhostBatch(bytes, SCHEMA);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.tick).toBe(42);
    expect(r.value.ghosts.map((g) => [g.key, g.was])).toEqual([
      [a, undefined],
      [b, { zone: "0.1", key: 9 }],
    ]);
    expect([...r.value.ghosts[0]!.components[0]!.lanes]).toEqual([1.5, 2.25, 7]);
  });

  it("carry every field at its declared precision: a u32 past 2^24 exactly, a float to its step", () => {
    // float32 lanes (the first format) rounded these: 3,214,373,553 arrived as 3,214,373,632.
    const Tagged = defineComponent("GhostTagged", {
      tag: uint32(),
      far: quantizedFloat({ min: 0, max: 1_000_000, step: 1 / 64 }),
    });
    const schema = defineNetworkSchema([Tagged], { tickSeconds: 1 / 30, maxEntities: 8 });
    const world = new World({ capacity: 8 });
    const e = world.spawn();
    world.add(e, Tagged, { tag: 3_214_373_553, far: 999_999.984375 });
    const r = decodeGhostBatch(
      encodeGhostBatch(new ByteWriter(), world, schema, 1, [e]).slice(),
      schema,
    );
    if (!r.ok) throw new Error(r.error);
    expect([...r.value.ghosts[0]!.components[0]!.lanes]).toEqual([3_214_373_553, 999_999.984375]);
  });

  it("refuses a truncated or padded batch, unknown flags and components", () => {
    const { world, a } = sender();
    const bytes = encodeGhostBatch(new ByteWriter(), world, SCHEMA, 1, [a]).slice();
    expect(decodeGhostBatch(bytes.subarray(0, bytes.length - 1), SCHEMA).ok).toBe(false);
    expect(decodeGhostBatch(Uint8Array.of(...bytes, 0), SCHEMA).ok).toBe(false);
    const flags = bytes.slice();
    flags[11] = 0b10; // the entry's flags byte (after 7 header bytes and the u32 key)
    expect(decodeGhostBatch(flags, SCHEMA).ok).toBe(false);
    const index = bytes.slice();
    index[13] = 5; // the component's wire index
    expect(decodeGhostBatch(index, SCHEMA).ok).toBe(false);
    const short = bytes.slice();
    short[14] = 5; // the component's length: 5 bytes cannot hold its 42 bits
    expect(decodeGhostBatch(short, SCHEMA).ok).toBe(false);
    expect(decodeGhostBatch(bytes, SCHEMA).ok).toBe(true);
  });
});

describe("the ghost mirror", () => {
  it("spawns ghosts, holds their values against the step, drops one unnamed 2 intervals on", () => {
    const { world: src, a } = sender();
    const world = new World({ capacity: 64 });
    // Batches every 3 ticks: grace 6.
    const mirror = new GhostMirror(world, SCHEMA, 6);
    const batch = (entities: number[], tick: number) => {
      const r = decodeGhostBatch(
        encodeGhostBatch(new ByteWriter(), src, SCHEMA, tick, entities).slice(),
        SCHEMA,
      );
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };
    mirror.apply("1.0", batch([a], 10));
    const g = mirror.entityOf("1.0", a);
    expect(mirror.isGhost(g)).toBe(true);
    world.store(Body).pos.x[g] = 50; // a game system moving every body
    mirror.reassert();
    expect(world.store(Body).pos.x[g]).toBe(1.5);
    mirror.apply("1.0", batch([], 13));
    expect(world.isAlive(g)).toBe(true);
    // A host that coalesces batches may deliver only this one: it is enough.
    mirror.apply("1.0", batch([], 16));
    expect(world.isAlive(g)).toBe(false);
  });

  it("files a ghost under its new owner when a batch names its origin", () => {
    const { world: src, a } = sender();
    const world = new World({ capacity: 64 });
    const mirror = new GhostMirror(world, SCHEMA, 6);
    const batch = (was?: { zone: string; key: number }) => {
      const bytes = encodeGhostBatch(new ByteWriter(), src, SCHEMA, 1, [a], () => was).slice();
      const r = decodeGhostBatch(bytes, SCHEMA);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };
    mirror.apply("0.0", batch());
    const g = mirror.entityOf("0.0", a);
    mirror.apply("1.0", batch({ zone: "0.0", key: a }));
    expect(mirror.entityOf("1.0", a)).toBe(g);
    expect(mirror.entityOf("0.0", a)).toBe(-1);
    expect(mirror.size).toBe(1);
  });
});
