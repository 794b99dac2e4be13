// Golden byte vectors of the update format: a small fixed world, exact bytes, pinned.
// A failure here means the wire format changed: bump the protocol version and document
// the change in docs/replication.md; never just update the vectors.
import { describe, expect, it } from "vitest";
import {
  angle,
  defineComponent,
  defineNetworkSchema,
  enumOf,
  uint8,
  vec2,
} from "../schema/index.js";
import { World } from "../world/index.js";
import { ReplicationClient, ReplicationServer } from "./index.js";

const Unit = defineComponent("Unit", {
  vel: vec2({ min: -8, max: 8, step: 0.5 }),
  pos: vec2({ min: 0, max: 100, step: 0.25, predict: { rate: "vel", maxAgeTicks: 7 } }),
  hp: uint8(),
});
const Label = defineComponent("Label", { team: enumOf(["red", "blue"]) });
const schema = defineNetworkSchema([Unit, Label], { tickSeconds: 0.5, maxEntities: 16 });

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

function scenario() {
  const world = new World({ capacity: 16 });
  const server = new ReplicationServer(world, schema);
  const steady = server.connect();
  const skipped = server.connect();
  const e0 = world.spawn();
  world.add(e0, Unit, { vel: { x: 1, y: 0 }, pos: { x: 10, y: 20 }, hp: 100 });
  world.add(e0, Label, { team: 1 });
  const e1 = world.spawn();
  world.add(e1, Unit, { pos: { x: 50, y: 50 }, hp: 7 });
  const out: Record<string, Uint8Array> = {};
  server.commit();
  out.full = server.writeUpdate(steady, null).slice();
  server.writeUpdate(skipped, null);
  const unit = world.store(Unit);
  unit.pos.x[e0] = 10.5; // exactly as predicted: costs nothing
  unit.hp[e1] = 8;
  server.commit();
  out.delta = server.writeUpdate(steady, null).slice();
  world.set(e0, Label, { team: 0 });
  unit.pos.x[e0] = 11;
  const e2 = world.spawn();
  world.add(e2, Label, { team: 0 });
  world.despawn(e1);
  server.commit();
  out.spawnDespawn = server.writeUpdate(steady, null).slice();
  out.baseline = server.writeUpdate(skipped, null).slice();
  return out;
}

const Craft = defineComponent("Craft", {
  vel: vec2({ min: -8, max: 8, step: 0.5 }),
  pos: vec2({ min: 0, max: 100, step: 0.25, predict: { rate: "vel", maxAgeTicks: 7 } }),
  facing: angle({ bits: 4, heading: "vel" }),
});
const craftSchema = defineNetworkSchema([Craft], { tickSeconds: 0.5, maxEntities: 16 });

/** One craft facing its velocity, then steered: vel (1, 0) → (1.5, 0.5). */
function steered() {
  const world = new World({ capacity: 16 });
  const server = new ReplicationServer(world, craftSchema);
  const session = server.connect();
  const e = world.spawn();
  world.add(e, Craft, { vel: { x: 1, y: 0 }, pos: { x: 10, y: 20 }, facing: 0 });
  server.commit();
  const full = server.writeUpdate(session, null).slice();
  const craft = world.store(Craft);
  craft.vel.x[e] = 1.5;
  craft.vel.y[e] = 0.5;
  // Semi-implicit Euler: the new velocity moves the craft this tick.
  craft.pos.x[e] = 10 + 1.5 * 0.5;
  craft.pos.y[e] = 20 + 0.5 * 0.5;
  craft.facing[e] = Math.atan2(0.5, 1.5);
  server.commit();
  return { full, delta: server.writeUpdate(session, null).slice() };
}

describe("golden update vectors", () => {
  const v = scenario();

  it("FULL: two entities, one with both components", () => {
    // 00 kind | tick 0 (32 bits) | 2 upserts | gap order 0 | id 0: presence 11, vel (zero flag 0,
    // 18, 16), pos (40, 80), age 0 (3 bits), hp 100, team 1 | id 1: presence 01, vel zero (1 bit),
    // pos (200, 200), no age (at rest), hp 7.
    expect(hex(v.full!)).toBe("00 00 00 00 18 9c 04 a1 80 02 b2 8b 0c d9 01");
  });

  it("DELTA: one hp change; the predicted mover costs nothing", () => {
    // 01 kind | tick low 1 | 1 change, orders: none (0) | rank 1 (order 1), no structure change,
    // Unit changed: vel 0, pos 0, hp 1 + 8 (id 1 has no Label) | 0 removals | 0 upserts.
    // Walked through in docs/replication.md.
    expect(hex(v.delta!)).toBe("05 00 c8 12 61");
  });

  it("DELTA: a component change, a despawn and a spawn", () => {
    expect(hex(v.spawnDespawn!)).toBe("09 00 48 4c 57 10 01");
  });

  it("BASELINE: full states of what changed since tick 0, by id", () => {
    expect(hex(v.baseline!)).toBe("0a 00 48 e1 06 27 41 28 a0 88 8c 04");
  });

  it("FULL: a heading angle is a residual against its velocity's heading", () => {
    // 00 kind | tick 0 | 1 upsert | gap order 0 | id 0 (one component: no presence): vel (zero
    // flag 0, 18, 16), pos (40, 80), age 0 (3 bits), facing residual SEG0(0) = 1 bit.
    expect(hex(steered().full)).toBe("00 00 00 00 08 24 41 28 a0 20");
  });

  it("DELTA: a steered velocity as deltas; position and facing follow for free", () => {
    // 01 kind | tick low 1 | 1 change, orders: none (0) | rank 0 | Craft changed | vel changed,
    // mode 0 (delta), SEG0(+1) SEG0(+1) | pos 0 (re-anchored at 40 + 3, 80 + 1) | facing 0
    // (heading of (1.5, 0.5) = code 1) | 0 removals | 0 upserts. Walked through in
    // docs/replication.md.
    expect(hex(steered().delta)).toBe("05 00 c8 d9 0c");
  });

  it("decode back to the server's state", () => {
    const client = new ReplicationClient(new World({ capacity: 16, idReuseDelayTicks: 0 }), schema);
    for (const u of [v.full!, v.delta!, v.spawnDespawn!]) expect(client.apply(u).ok).toBe(true);
    expect(Array.from(client.networkIds())).toEqual([0, 2]);
    const unit = client.world.store(Unit);
    expect([
      unit.pos.x[client.entityOf(0)],
      client.world.store(Label).team[client.entityOf(0)],
    ]).toEqual([11, 0]);
  });
});
