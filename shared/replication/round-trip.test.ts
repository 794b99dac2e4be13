// Property tests of the whole pipeline: a random world (spawns, despawns, writes, component
// add/remove, per-client visibility) replicated to clients with different visible sets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random/mulberry32.js";
import {
  angle,
  bool,
  boundedInt,
  boundedString,
  type ComponentDef,
  defineComponent,
  defineNetworkSchema,
  enumOf,
  type NumericField,
  quantizedFloat,
  quaternion,
  uint8,
  uint16,
  uint32,
  vec2,
  vec3,
} from "../schema/index.js";
import { EntitySet, World } from "../world/index.js";
import { ReplicationClient, ReplicationServer, type ReplicationServerOptions } from "./index.js";

const DT = 1 / 20;
const Motion = defineComponent("Motion", {
  vel: vec2({ min: -40, max: 40, step: 1 / 64 }),
  pos: vec2({ min: -500, max: 500, step: 1 / 32, predict: { rate: "vel", maxAgeTicks: 7 } }),
  heading: angle({ bits: 8 }),
  // Coded against the heading of vel: exact when the game keeps it there, a residual when not.
  facing: angle({ bits: 9, heading: "vel" }),
});
const Stats = defineComponent("Stats", {
  hp: uint8(),
  level: boundedInt({ min: -5, max: 20 }),
  up: bool(),
  mood: enumOf(["calm", "angry", "sad"]),
  ratio: quantizedFloat({ min: 0, max: 1, step: 0.01 }),
  big: uint32(),
  rot: quaternion({ bits: 9 }),
  name: boundedString({ maxBytes: 6 }),
  spin: vec3({ min: -1, max: 1, step: 0.125 }),
});
const Tag = defineComponent(
  "Tag",
  { team: boundedInt({ min: 0, max: 7 }) },
  { sync: { frequency: "change" } },
);
const Secret = defineComponent("Secret", { code: uint16() }, { sync: { mode: "server-only" } });
const schema = defineNetworkSchema([Motion, Stats, Tag], { tickSeconds: DT, maxEntities: 64 });
const COMPONENTS = [Motion, Stats, Tag, Secret] as const;

function writeRandom(world: World, e: number, seed: number): void {
  const r = mulberry32(seed);
  if (world.has(e, Motion)) {
    const m = world.store(Motion);
    if (r() < 0.5)
      world.set(e, Motion, { vel: { x: r() * 80 - 40, y: r() < 0.3 ? 0 : r() * 80 - 40 } });
    if (r() < 0.3) world.set(e, Motion, { pos: { x: r() * 1000 - 500, y: r() * 1000 - 500 } });
    m.heading[e] = r() * 20 - 10;
    m.facing[e] = r() < 0.7 ? Math.atan2(m.vel.y[e]!, m.vel.x[e]!) : r() * 20 - 10;
  }
  if (world.has(e, Stats)) {
    const [x, y, z, w] = [r() - 0.5, r() - 0.5, r() - 0.5, r() - 0.5];
    const n = Math.hypot(x, y, z, w) || 1;
    world.set(e, Stats, {
      hp: Math.floor(r() * 256),
      level: Math.floor(r() * 26) - 5,
      up: r() < 0.5 ? 1 : 0,
      mood: Math.floor(r() * 3),
      ratio: r(),
      big: Math.floor(r() * 2 ** 32),
      rot: { x: x / n, y: y / n, z: z / n, w: w / n },
      name: ["", "a", "héllo", "zzzzzz"][Math.floor(r() * 4)]!,
      spin: { x: r() * 2 - 1, y: 0, z: r() * 2 - 1 },
    });
  }
  if (world.has(e, Tag)) world.set(e, Tag, { team: Math.floor(r() * 8) });
}

/** Moves every mover by vel · dt, bouncing inside the position range. */
function stepMotion(world: World): void {
  const m = world.store(Motion);
  world.alive.forEach((e) => {
    if (!world.has(e, Motion)) return;
    for (const axis of ["x", "y"] as const) {
      let p = m.pos[axis][e]! + m.vel[axis][e]! * DT;
      if (p > 500 || p < -500) {
        p = Math.max(-500, Math.min(500, p));
        m.vel[axis][e] = -m.vel[axis][e]!;
      }
      m.pos[axis][e] = p;
    }
  });
}

function laneValues(
  world: World,
  def: ComponentDef,
  e: number,
  field: number,
): (number | string)[] {
  const store = world.schemaStore(def);
  const f = def.fields[field]!;
  if (f.stringAt >= 0) return [store.strings[f.stringAt]![e]!];
  return store.lanes[field]!.map((lane) => lane[e]!);
}

/** Every mirrored value is within its field's declared error of the server's value. */
function expectWithinTolerance(server: World, client: ReplicationClient, id: number): void {
  const e = client.entityOf(id);
  for (const def of schema.components) {
    expect(client.world.has(e, def)).toBe(server.has(id, def));
    if (!server.has(id, def)) continue;
    for (const f of def.fields) {
      const want = laneValues(server, def, id, f.index);
      const got = laneValues(client.world, def, e, f.index);
      if (f.field.kind === "string") {
        expect(got).toEqual(want);
        continue;
      }
      const field = f.field as NumericField;
      const tol = (f.predictedAt >= 0 ? f.predictTolerance : field.tolerance) + 1e-9;
      if (field.kind === "quat") {
        // A zero quaternion (a fresh component) is sent as the identity.
        if (!want.some((v) => v !== 0)) want.splice(0, 4, 0, 0, 0, 1);
        const dot = want.reduce<number>((s, v, l) => s + (v as number) * (got[l] as number), 0);
        const sign = dot < 0 ? -1 : 1;
        for (let l = 0; l < 4; l++)
          expect(Math.abs((got[l] as number) * sign - (want[l] as number))).toBeLessThanOrEqual(
            tol,
          );
      } else if (field.kind === "angle") {
        const d = Math.abs((got[0] as number) - (want[0] as number)) % (2 * Math.PI);
        expect(Math.min(d, 2 * Math.PI - d)).toBeLessThanOrEqual(tol);
      } else
        for (let l = 0; l < want.length; l++)
          expect(Math.abs((got[l] as number) - (want[l] as number))).toBeLessThanOrEqual(tol);
    }
  }
}

/** Two mirrors hold the same ids with bit-identical values. */
function expectSameMirror(a: ReplicationClient, b: ReplicationClient): void {
  expect(Array.from(b.networkIds())).toEqual(Array.from(a.networkIds()));
  for (const id of a.networkIds()) {
    for (const def of schema.components) {
      const ea = a.entityOf(id);
      const eb = b.entityOf(id);
      expect(b.world.has(eb, def)).toBe(a.world.has(ea, def));
      if (!a.world.has(ea, def)) continue;
      for (const f of def.fields)
        expect(laneValues(b.world, def, eb, f.index)).toEqual(
          laneValues(a.world, def, ea, f.index),
        );
    }
  }
}

function expectedIds(server: ReplicationServer, visible: EntitySet | null): number[] {
  const ids: number[] = [];
  server.replicated.forEach((id) => {
    if (visible === null || visible.has(id)) ids.push(id);
  });
  return ids;
}

const op = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant("spawn" as const),
      mask: fc.integer({ min: 0, max: 15 }),
      seed: fc.nat(),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ t: fc.constant("despawn" as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({ t: fc.constant("write" as const), pick: fc.nat(), seed: fc.nat() }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      t: fc.constant("toggle" as const),
      pick: fc.nat(),
      comp: fc.integer({ min: 0, max: 3 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant("view" as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant("drop" as const) }), weight: 1 },
  { arbitrary: fc.constant({ t: "tick" as const }), weight: 4 },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function pickAlive(world: World, pick: number): number {
  const ids: number[] = [];
  world.alive.forEach((id) => {
    ids.push(id);
  });
  return ids.length === 0 ? -1 : ids[pick % ids.length]!;
}

/** Updates the budgeted client got with part of its view (the budget path is exercised). */
let partialUpdates = 0;

/**
 * Runs `ops`, replicating to two all-seeing clients in lockstep (the second must get the very
 * same bytes as the first: the writer reuses them) and a client with a toggled view, checking
 * every tick.
 */
function run(ops: Op[], options: ReplicationServerOptions): void {
  const world = new World({ capacity: 64, idReuseDelayTicks: 16 });
  const server = new ReplicationServer(world, schema, { baselineRing: 8, ...options });
  const view = new EntitySet(64);
  const lossy = options.baseline === "last-acked";
  const clients = [null, null, view].map((visible) => ({
    visible,
    session: server.connect(),
    client: new ReplicationClient(new World({ capacity: 64, idReuseDelayTicks: 0 }), schema),
    dropNext: false,
  }));
  // Over a reliable stream, one more client sees the toggled view through a 5 B/tick budget.
  const budgeted = lossy
    ? null
    : {
        visible: view,
        session: server.connect(),
        client: new ReplicationClient(new World({ capacity: 64, idReuseDelayTicks: 0 }), schema),
      };
  if (budgeted)
    server.setBudget(budgeted.session, { bytesPerSecond: 150, tickRate: 30, burstBytes: 40 });
  for (const o of ops) {
    if (o.t === "spawn" && world.spawnable(1) > 0) {
      const e = world.spawn();
      COMPONENTS.forEach((c, i) => {
        if ((o.mask & (1 << i)) !== 0) world.add(e, c as ComponentDef);
      });
      writeRandom(world, e, o.seed);
      if (o.seed % 2 === 0) view.add(e);
    } else if (o.t === "despawn") {
      const e = pickAlive(world, o.pick);
      if (e >= 0) world.despawn(e);
    } else if (o.t === "write") {
      const e = pickAlive(world, o.pick);
      if (e >= 0) writeRandom(world, e, o.seed);
    } else if (o.t === "toggle") {
      const e = pickAlive(world, o.pick);
      const c = COMPONENTS[o.comp]! as ComponentDef;
      if (e >= 0 && world.has(e, c)) world.remove(e, c);
      else if (e >= 0) world.add(e, c);
    } else if (o.t === "view") {
      const e = pickAlive(world, o.pick);
      if (view.has(e)) view.delete(e);
      else view.add(e);
    } else if (o.t === "drop") {
      if (lossy) clients[2]!.dropNext = true;
    } else if (o.t === "tick") {
      stepMotion(world);
      server.commit();
      const sent: Uint8Array[] = [];
      for (const c of clients) {
        const bytes = server.writeUpdate(c.session, c.visible);
        sent.push(bytes.slice());
        if (c.dropNext) {
          c.dropNext = false;
          continue;
        }
        const applied = c.client.apply(bytes);
        if (!applied.ok) throw new Error(applied.error);
        if (lossy && applied.value.tick % 4 === 1)
          server.acknowledge(c.session, applied.value.tick);
        else if (!lossy) server.acknowledge(c.session, applied.value.tick);
        expect(Array.from(c.client.networkIds())).toEqual(expectedIds(server, c.visible));
        for (const id of c.client.networkIds()) expectWithinTolerance(world, c.client, id);
      }
      if (budgeted) {
        // A small budget: it holds part of its view, and every held entity not marked stale
        // on the server carries the server's values.
        const bytes = server.writeUpdate(budgeted.session, budgeted.visible);
        const applied = budgeted.client.apply(bytes);
        if (!applied.ok) throw new Error(applied.error);
        const want = new Set(expectedIds(server, budgeted.visible));
        if (budgeted.client.networkIds().length < want.size) partialUpdates++;
        for (const id of budgeted.client.networkIds()) {
          expect(want.has(id)).toBe(true);
          if (!budgeted.session.stale.has(id)) expectWithinTolerance(world, budgeted.client, id);
        }
      }
      expect(sent[1]).toEqual(sent[0]);
      // A late joiner's full state equals what the delta-fed client built.
      const joiner = new ReplicationClient(
        new World({ capacity: 64, idReuseDelayTicks: 0 }),
        schema,
      );
      const join = joiner.apply(server.writeUpdate(server.connect(), clients[0]!.visible));
      expect(join.ok && join.value.kind).toBe("full");
      if (!clients[0]!.dropNext) expectSameMirror(clients[0]!.client, joiner);
    }
  }
}

describe("replication round trips", () => {
  it("mirror each client's visible set within every field's step, over a reliable stream", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 80 }), (ops) => run(ops, {})),
      { numRuns: 60 },
    );
    expect(partialUpdates).toBeGreaterThan(0);
  });

  it("stay consistent against acknowledged baselines when updates are lost", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 80 }), (ops) =>
        run(ops, { baseline: "last-acked" }),
      ),
      { numRuns: 60 },
    );
  });

  it("never puts a server-only component on the wire", () => {
    const world = new World({ capacity: 64 });
    const server = new ReplicationServer(world, schema);
    const e = world.spawn();
    world.add(e, Secret, { code: 0xbeef });
    server.commit();
    const alone = server.writeUpdate(server.connect(), null);
    world.add(e, Tag, { team: 3 });
    server.commit();
    const client = new ReplicationClient(new World({ capacity: 64, idReuseDelayTicks: 0 }), schema);
    expect(client.apply(server.writeUpdate(server.connect(), null)).ok).toBe(true);
    expect(client.world.has(client.entityOf(e), Secret)).toBe(false);
    // kind 00, tick 32 bits, upsert count EG(0) = 1 bit: no entity at all.
    expect(alone.length).toBe(5);
  });
});

describe("update reuse", () => {
  it("hands clients in the same position the same update, and others their own", () => {
    const world = new World({ capacity: 64, idReuseDelayTicks: 16 });
    const server = new ReplicationServer(world, schema, { baselineRing: 8 });
    const mirror = () =>
      new ReplicationClient(new World({ capacity: 64, idReuseDelayTicks: 0 }), schema);
    for (let i = 0; i < 6; i++) {
      const e = world.spawn();
      world.add(e, Motion, { vel: { x: i, y: -i }, pos: { x: 10 * i, y: 5 }, heading: 0 });
    }
    const some = new EntitySet(64);
    some.add(0);
    some.add(2);
    const a = { session: server.connect(), client: mirror(), visible: null };
    const b = { session: server.connect(), client: mirror(), visible: null };
    const c = { session: server.connect(), client: mirror(), visible: some };
    let late: typeof a | undefined;
    for (let tick = 0; tick < 6; tick++) {
      stepMotion(world);
      if (tick === 3)
        world.set(1, Motion, { vel: { x: 0, y: 0 }, pos: { x: 1, y: 1 }, heading: 1 });
      server.commit();
      if (tick === 4) late = { session: server.connect(), client: mirror(), visible: null };
      const views: Uint8Array[] = [];
      const out = [a, b, c, ...(late ? [late] : [])].map((x) => {
        views.push(server.writeUpdate(x.session, x.visible));
        const bytes = views.at(-1)!.slice();
        const applied = x.client.apply(bytes);
        if (!applied.ok) throw new Error(applied.error);
        return bytes;
      });
      // a and b are in lockstep. c sees less: its full state is smaller and it does not see
      // entity 1 change at tick 3 (other ticks, predicted motion costs all of them nothing).
      // The late joiner's first update is a full state.
      expect(out[1]).toEqual(out[0]);
      expect(views[1]).toBe(views[0]); // handed out again, not encoded twice
      expect(views[2]).not.toBe(views[1]);
      if (tick === 0 || tick === 3) expect(out[2]).not.toEqual(out[0]);
      if (tick === 4) expect(out[3]).not.toEqual(out[0]);
      for (const x of [a, b, c])
        expect(Array.from(x.client.networkIds())).toEqual(expectedIds(server, x.visible));
    }
    expect(Array.from(late!.client.networkIds())).toEqual(expectedIds(server, null));
    // Reused updates count in the report as if written.
    expect(server.compressionReport().updates).toBe(6 * 3 + 2);
  });
});
