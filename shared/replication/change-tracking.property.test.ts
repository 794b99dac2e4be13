// The commit trusts the world's marks: only entities marked reshaped (spawn, despawn, add,
// remove) have their component set recomputed, and a component synced "change" is compared
// only where the game marked it (set, markChanged). Everything else is found by scanning
// field by field. The property: for random write sequences — direct typed-array writes,
// set(), markChanged(), adds, removes, spawns, despawns — a server on those marks sends
// exactly the bytes of a server whose every entity is marked every tick (the full
// comparison), and its client holds the world's values to their declared precision.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  angle,
  boundedString,
  type ComponentDef,
  defineComponent,
  defineNetworkSchema,
  uint8,
  vec2,
} from "../schema/index.js";
import { World } from "../world/index.js";
import { ReplicationClient, ReplicationServer } from "./index.js";

const DT = 1 / 30;
const Body = defineComponent("Body", {
  vel: vec2({ min: -8, max: 8, step: 1 / 16 }),
  pos: vec2({ min: 0, max: 100, step: 1 / 16, predict: { rate: "vel" } }),
  facing: angle({ bits: 8, heading: "vel" }),
  hp: uint8(),
  name: boundedString({ maxBytes: 6 }),
});
const Tag = defineComponent(
  "Tag",
  { level: uint8(), title: boundedString({ maxBytes: 4 }) },
  { sync: { frequency: "change" } },
);
const Spin = defineComponent(
  "Spin",
  { turn: angle({ bits: 6 }) },
  { sync: { frequency: { everyTicks: 3 } } },
);
const COMPONENTS: readonly ComponentDef[] = [Body, Tag, Spin];
const schema = defineNetworkSchema([...COMPONENTS], { tickSeconds: DT, maxEntities: 64 });

/** One write of the game between two commits; entities are picked by index among the alive. */
type Op =
  | { kind: "spawn"; with: number }
  | { kind: "despawn"; pick: number }
  | { kind: "add" | "remove"; pick: number; component: number }
  | { kind: "lane"; pick: number; lane: number; value: number }
  | { kind: "hp" | "level"; pick: number; value: number; mark: boolean }
  | { kind: "name"; pick: number; value: string }
  | { kind: "set"; pick: number; value: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("spawn" as const), with: fc.integer({ min: 1, max: 7 }) }),
  fc.record({ kind: fc.constant("despawn" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constantFrom("add" as const, "remove" as const),
    pick: fc.nat(),
    component: fc.integer({ min: 0, max: 2 }),
  }),
  // Direct writes into the stores, as game systems make them (vel x/y, pos x/y, facing, turn).
  {
    arbitrary: fc.record({
      kind: fc.constant("lane" as const),
      pick: fc.nat(),
      lane: fc.integer({ min: 0, max: 5 }),
      value: fc.double({ min: -10, max: 110, noNaN: true }),
    }),
    weight: 6,
  },
  fc.record({
    kind: fc.constantFrom("hp" as const, "level" as const),
    pick: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
    mark: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("name" as const),
    pick: fc.nat(),
    value: fc.string({ maxLength: 6 }),
  }),
  fc.record({
    kind: fc.constant("set" as const),
    pick: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
);

/** Applies `o` to `world`; returns false when it had nothing to act on. */
function play(world: World, o: Op): void {
  const alive: number[] = [];
  world.alive.forEach((e) => {
    alive.push(e);
  });
  if (o.kind === "spawn") {
    if (world.spawnable(1) === 0) return;
    const e = world.spawn();
    COMPONENTS.forEach((c, i) => {
      if ((o.with & (1 << i)) !== 0) world.add(e, c);
    });
    return;
  }
  if (alive.length === 0) return;
  const e = alive[o.pick % alive.length]!;
  const body = world.store(Body);
  switch (o.kind) {
    case "despawn":
      return world.despawn(e);
    case "add":
      return world.has(e, COMPONENTS[o.component]!)
        ? undefined
        : world.add(e, COMPONENTS[o.component]!);
    case "remove":
      return world.remove(e, COMPONENTS[o.component]!);
    case "lane": {
      const lanes = [
        body.vel.x,
        body.vel.y,
        body.pos.x,
        body.pos.y,
        body.facing,
        world.store(Spin).turn,
      ];
      lanes[o.lane]![e] = o.lane < 2 ? (o.value - 50) / 7 : o.lane < 4 ? o.value : o.value / 10;
      return;
    }
    case "hp":
      body.hp[e] = o.value;
      if (o.mark) world.markChanged(e, Body);
      return;
    case "level":
      // A "change" component's write counts only when marked: the game's contract.
      world.store(Tag).level[e] = o.value;
      if (world.has(e, Tag)) world.markChanged(e, Tag);
      return;
    case "name":
      body.name[e] = o.value;
      return;
    case "set":
      if (world.has(e, Tag)) world.set(e, Tag, { level: o.value, title: String(o.value) });
      return;
  }
}

/** The full comparison: every alive entity marked reshaped and changed in every component. */
function markEverything(world: World): void {
  world.alive.forEach((e) => {
    world.reshaped.add(e);
    for (const c of COMPONENTS) if (world.has(e, c)) world.markChanged(e, c);
  });
}

/** What a client holds of entity `id`, beside what the server's world holds, per field. */
function expectHeld(world: World, client: ReplicationClient): void {
  const held: number[] = [];
  world.alive.forEach((id) => {
    if (COMPONENTS.some((c) => world.has(id, c))) held.push(id);
  });
  expect(Array.from(client.networkIds())).toEqual(held);
  const s = world.store(Body);
  const m = client.world.store(Body);
  for (const id of held) {
    if (!world.has(id, Body)) continue;
    const e = client.entityOf(id);
    for (const axis of ["x", "y"] as const) {
      const vel = Math.max(-8, Math.min(8, s.vel[axis][id]!));
      expect(Math.abs(m.vel[axis][e]! - vel)).toBeLessThanOrEqual(1 / 32 + 1e-9);
      const pos = Math.max(0, Math.min(100, s.pos[axis][id]!));
      expect(Math.abs(m.pos[axis][e]! - pos)).toBeLessThanOrEqual(1 / 16 + 1e-9);
    }
    expect(m.hp[e]).toBe(s.hp[id]);
    expect(m.name[e]).toBe(s.name[id]);
  }
}

describe("change tracking", () => {
  it("sends what comparing every entity every tick sends, for any writes the game makes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 25 }),
        (ticks) => {
          const tracked = new World({ capacity: 64 });
          const full = new World({ capacity: 64 });
          const a = new ReplicationServer(tracked, schema);
          const b = new ReplicationServer(full, schema);
          const sa = a.connect();
          const sb = b.connect();
          const client = new ReplicationClient(
            new World({ capacity: 64, idReuseDelayTicks: 0 }),
            schema,
          );
          for (const ops of ticks) {
            for (const o of ops) {
              play(tracked, o);
              play(full, o);
            }
            markEverything(full);
            a.commit();
            b.commit();
            const bytes = a.writeUpdate(sa, null);
            expect(Array.from(bytes)).toEqual(Array.from(b.writeUpdate(sb, null)));
            expect(client.apply(bytes).ok).toBe(true);
            expectHeld(tracked, client);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
