// Change fields (NetworkSync.changeFields): fields of a "tick" component compared only on
// ticks the game marks the entity, so a velocity nobody touched is not compared, while the
// predicted position beside it still is, every tick. The property: for random writes, marked
// or not, a server whose velocity and heading are change fields sends exactly the bytes of a
// server comparing every field every tick whose world got those writes only when they were
// marked — an unmarked write waits for a mark — through the field-by-field scan and the
// entity-wise path of entities whose component set changed; its client holds that world's
// values to their declared precision.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { angle, defineComponent, defineNetworkSchema, uint8, vec2 } from "../schema/index.js";
import { World } from "../world/index.js";
import { ReplicationClient, ReplicationServer } from "./index.js";

const DT = 1 / 30;
const ENTITIES = 12;
const fields = () => ({
  vel: vec2({ min: -8, max: 8, step: 1 / 16 }),
  pos: vec2({ min: 0, max: 100, step: 1 / 16, predict: { rate: "vel" } }),
  facing: angle({ bits: 8, heading: "vel" }),
  hp: uint8(),
});
/** The tracked server's body: velocity and heading compared only when marked. */
const Tracked = defineComponent("Body", fields(), { sync: { changeFields: ["vel", "facing"] } });
/** The reference server's body: the same fields on the wire, every one compared every tick. */
const Compared = defineComponent("Body", fields());
const Tag = defineComponent("Tag", { level: uint8() });

/** One write of the game between two commits, on entity `pick % ENTITIES`. */
type Op =
  | { kind: "vel"; pick: number; lane: number; value: number; mark: boolean }
  | { kind: "facing"; pick: number; value: number; mark: boolean }
  | { kind: "mark" | "tag"; pick: number }
  | { kind: "pos"; pick: number; lane: number; value: number }
  | { kind: "hp"; pick: number; value: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("vel" as const),
      pick: fc.nat(),
      lane: fc.integer({ min: 0, max: 1 }),
      value: fc.double({ min: -9, max: 9, noNaN: true }),
      mark: fc.boolean(),
    }),
    weight: 4,
  },
  fc.record({
    kind: fc.constant("facing" as const),
    pick: fc.nat(),
    value: fc.double({ min: -4, max: 4, noNaN: true }),
    mark: fc.boolean(),
  }),
  fc.record({ kind: fc.constantFrom("mark" as const, "tag" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("pos" as const),
    pick: fc.nat(),
    lane: fc.integer({ min: 0, max: 1 }),
    value: fc.double({ min: -5, max: 105, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("hp" as const),
    pick: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
);

/** A world of ENTITIES entities holding `body`, all at rest at the same place. */
function worldWith(body: typeof Tracked): World {
  const world = new World({ capacity: 32 });
  for (let i = 0; i < ENTITIES; i++) {
    const e = world.spawn();
    world.add(e, body, { pos: { x: 10 + i, y: 20 }, hp: i });
  }
  return world;
}

/**
 * At the commit, the writes the game marked reach the reference world: a marked entity's
 * change fields as they are then (a mark covers the tick's writes, before or after it).
 */
function publish(tracked: World, reference: World): void {
  const from = tracked.store(Tracked);
  const to = reference.store(Compared);
  tracked.dirtySet(Tracked).forEach((e) => {
    to.vel.x[e] = from.vel.x[e]!;
    to.vel.y[e] = from.vel.y[e]!;
    to.facing[e] = from.facing[e]!;
  });
}

function play(tracked: World, reference: World, o: Op): void {
  const e = o.pick % ENTITIES;
  const t = tracked.store(Tracked);
  switch (o.kind) {
    case "vel":
      (o.lane === 0 ? t.vel.x : t.vel.y)[e] = o.value;
      break;
    case "facing":
      t.facing[e] = o.value;
      break;
    case "pos":
      for (const store of [t, reference.store(Compared)])
        (o.lane === 0 ? store.pos.x : store.pos.y)[e] = o.value;
      return;
    case "hp":
      t.hp[e] = o.value;
      reference.store(Compared).hp[e] = o.value;
      return;
    case "tag":
      // A component set change sends e through the entity-wise comparison.
      for (const world of [tracked, reference])
        if (world.has(e, Tag)) world.remove(e, Tag);
        else world.add(e, Tag);
      return;
  }
  if (o.kind === "mark" || ("mark" in o && o.mark)) tracked.markChanged(e, Tracked);
}

/** The client holds the reference world's values to their declared precision. */
function expectHeld(reference: World, client: ReplicationClient): void {
  const s = reference.store(Compared);
  const m = client.world.store(Compared);
  for (let id = 0; id < ENTITIES; id++) {
    const e = client.entityOf(id);
    for (const axis of ["x", "y"] as const) {
      const vel = Math.max(-8, Math.min(8, s.vel[axis][id]!));
      expect(Math.abs(m.vel[axis][e]! - vel)).toBeLessThanOrEqual(1 / 32 + 1e-9);
      const pos = Math.max(0, Math.min(100, s.pos[axis][id]!));
      expect(Math.abs(m.pos[axis][e]! - pos)).toBeLessThanOrEqual(1 / 16 + 1e-9);
    }
    expect(m.hp[e]).toBe(s.hp[id]);
  }
}

describe("change fields", () => {
  it("compares a change field only when marked, and sends what a full comparison of the marked writes sends", () => {
    const trackedSchema = defineNetworkSchema([Tracked, Tag], { tickSeconds: DT, maxEntities: 32 });
    const comparedSchema = defineNetworkSchema([Compared, Tag], {
      tickSeconds: DT,
      maxEntities: 32,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 10 }), { minLength: 1, maxLength: 30 }),
        (ticks) => {
          const tracked = worldWith(Tracked);
          const reference = worldWith(Compared);
          const a = new ReplicationServer(tracked, trackedSchema);
          const b = new ReplicationServer(reference, comparedSchema);
          const sa = a.connect();
          const sb = b.connect();
          const client = new ReplicationClient(
            new World({ capacity: 32, idReuseDelayTicks: 0 }),
            comparedSchema,
          );
          // The spawn tick: a spawned entity's replica takes every value it has.
          for (const ops of [[], ...ticks]) {
            for (const o of ops) play(tracked, reference, o);
            publish(tracked, reference);
            a.commit();
            b.commit();
            const bytes = a.writeUpdate(sa, null);
            expect(Array.from(bytes)).toEqual(Array.from(b.writeUpdate(sb, null)));
            expect(client.apply(bytes).ok).toBe(true);
            expectHeld(reference, client);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
