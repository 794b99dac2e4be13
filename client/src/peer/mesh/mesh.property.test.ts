import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../../shared/random/mulberry32.js";
import {
  boundedString,
  type ComponentDef,
  defineComponent,
  defineNetworkSchema,
  enumOf,
  uint8,
  vec2,
} from "../../../../shared/schema/index.js";
import type { Entity, World } from "../../../../shared/world/world.js";
import { MeshHarness, rowsOf } from "../../../../test/support/mesh-harness.js";
import type { MeshGame } from "./mesh-options.js";

const Body = defineComponent("Body", {
  vel: vec2({ min: -64, max: 64, step: 1 / 16 }),
  // Half a step of tolerance: the mirror reconstructs the owner's rounded value exactly.
  pos: vec2({ min: 0, max: 1000, step: 1 / 8, predict: { rate: "vel", tolerance: 1 / 16 } }),
  hp: uint8(),
});
const Tag = defineComponent("Tag", {
  team: enumOf(["red", "blue", "green"]),
  name: boundedString({ maxBytes: 12 }),
});

/** A game of movers and labels; the mesh rounds owners' worlds to what travels. */
const game: MeshGame = {
  name: "mesh-property",
  schema: defineNetworkSchema([Body, Tag], { tickSeconds: 1 / 30, maxEntities: 64 }),
  quantizeState: true,
};

const NAMES = ["", "a", "héllo", "zzzzzz", "twelve bytes"];

/** Random values for whatever components `e` has. */
function write(world: World, e: Entity, seed: number): void {
  const r = mulberry32(seed);
  if (world.has(e, Body))
    world.set(e, Body, {
      vel: { x: r() * 128 - 64, y: r() < 0.3 ? 0 : r() * 128 - 64 },
      pos: { x: r() * 1000, y: r() * 1000 },
      hp: Math.floor(r() * 256),
    });
  if (world.has(e, Tag))
    world.set(e, Tag, {
      team: Math.floor(r() * 3),
      name: NAMES[Math.floor(r() * NAMES.length)]!,
    });
}

/** Owners move their bodies by vel · dt (clamped): the predicted field really is predicted. */
function move(world: World): void {
  const b = world.store(Body);
  const dt = game.schema.tickSeconds;
  world.alive.forEach((e) => {
    if (!world.has(e, Body)) return;
    b.pos.x[e] = Math.min(1000, Math.max(0, b.pos.x[e]! + b.vel.x[e]! * dt));
    b.pos.y[e] = Math.min(1000, Math.max(0, b.pos.y[e]! + b.vel.y[e]! * dt));
    world.markChanged(e, Body);
  });
}

function rows(world: World, idOf?: (e: Entity) => number) {
  const b = world.store(Body);
  const t = world.store(Tag);
  return rowsOf(
    world,
    (w, e) => [
      ...(w.has(e, Body) ? [b.vel.x[e]!, b.vel.y[e]!, b.pos.x[e]!, b.pos.y[e]!, b.hp[e]!] : ["-"]),
      ...(w.has(e, Tag) ? [t.team[e]!, t.name[e]!] : ["-"]),
    ],
    idOf,
  );
}

const op = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant("spawn" as const),
      mask: fc.integer({ min: 1, max: 3 }),
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
      tag: fc.boolean(),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ t: "tick" as const }), weight: 4 },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const conditions = fc.record({
  unreliable: fc.record({
    latencyMs: fc.integer({ min: 0, max: 40 }),
    jitterMs: fc.integer({ min: 0, max: 80 }),
    loss: fc.double({ min: 0, max: 0.4, noNaN: true }),
    duplicate: fc.double({ min: 0, max: 0.3, noNaN: true }),
  }),
  reliable: fc.record({
    latencyMs: fc.integer({ min: 0, max: 40 }),
    jitterMs: fc.integer({ min: 0, max: 30 }),
    loss: fc.double({ min: 0, max: 0.2, noNaN: true }),
    retransmitMs: fc.constant(120),
  }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

function pick(world: World, n: number): Entity {
  const ids: Entity[] = [];
  world.alive.forEach((e) => {
    ids.push(e);
  });
  return ids.length === 0 ? -1 : ids[n % ids.length]!;
}

/** Updates the receivers dropped as stale or early, over every run. */
let dropped = 0;

type Conditions = typeof conditions extends fc.Arbitrary<infer C> ? C : never;

/** Rows without ids, sorted: the entities one sees, whoever owns them. */
function values(r: (number | string)[][]): string[] {
  return r.map((row) => JSON.stringify(row.slice(1))).sort();
}

/** What peer `id` sees: its own entities and every mirror's. */
function seenBy(h: MeshHarness, id: number): string[] {
  const m = h.mesh(id);
  const all = rows(m.local);
  for (const p of m.peers()) all.push(...rows(m.remote(p.peerId)!));
  return values(all);
}

/** A peer leaving after the script; with handover its entities must live on, once each. */
interface Leave {
  readonly peer: number;
  readonly handover: boolean;
}

function expectMirrored(h: MeshHarness): void {
  for (const owner of h.remaining())
    for (const viewer of h.remaining()) {
      if (owner === viewer) continue;
      const v = h.mesh(viewer);
      expect(rows(v.remote(owner)!, (e) => v.networkIdOf(owner, e))).toEqual(
        rows(h.mesh(owner).local),
      );
    }
}

function run(link: Conditions, script: { peer: number; op: Op }[], leave?: Leave): void {
  const h = new MeshHarness({ peers: 3, game, link });
  for (const { peer, op: o } of script) {
    const world = h.mesh(peer).local;
    if (o.t === "spawn" && world.spawnable(1) > 0) {
      const e = world.spawn();
      if (o.mask & 1) world.add(e, Body);
      if (o.mask & 2) world.add(e, Tag);
      write(world, e, o.seed);
    } else if (o.t === "despawn") {
      const e = pick(world, o.pick);
      if (e >= 0) world.despawn(e);
    } else if (o.t === "write") {
      const e = pick(world, o.pick);
      if (e >= 0) write(world, e, o.seed);
    } else if (o.t === "toggle") {
      const e = pick(world, o.pick);
      const [c, other]: ComponentDef[] = o.tag ? [Tag, Body] : [Body, Tag];
      // An entity keeps at least one component, or it is no longer replicated at all.
      if (e >= 0 && world.has(e, c) && world.has(e, other)) world.remove(e, c);
      else if (e >= 0 && !world.has(e, c)) {
        world.add(e, c);
        write(world, e, o.pick);
      }
    } else if (o.t === "tick") h.step(1, (m) => move(m.local));
  }
  // Quiet: owners stop changing; 90 ticks (3 s) outlast any loss streak the seeds draw.
  h.step(90);
  expectMirrored(h);
  for (const m of h.meshes.values()) for (const p of m.peers()) dropped += p.stats.updatesDropped;
  if (!leave) return;
  const expected = values(
    [1, 2, 3].flatMap((id) => (leave.handover || id !== leave.peer ? rows(h.mesh(id).local) : [])),
  );
  h.leave(leave.peer, leave.handover);
  h.step(90);
  for (const id of h.remaining()) expect(seenBy(h, id)).toEqual(expected);
  expectMirrored(h);
}

describe("a P2P mesh over lossy links", () => {
  it("converges every mirror to its owner's world despite loss, duplication and reordering", () => {
    fc.assert(
      fc.property(
        conditions,
        fc.array(fc.record({ peer: fc.integer({ min: 1, max: 3 }), op }), {
          minLength: 10,
          maxLength: 120,
        }),
        (link, script) => run(link, script),
      ),
      { numRuns: 30 },
    );
    // Duplicated and overtaken updates reached the mirrors and were dropped there.
    expect(dropped).toBeGreaterThan(0);
  });

  it("keeps a leaver's entities exactly once with handover, and nowhere without", () => {
    fc.assert(
      fc.property(
        conditions,
        fc.array(fc.record({ peer: fc.integer({ min: 1, max: 3 }), op }), {
          minLength: 10,
          maxLength: 80,
        }),
        fc.record({ peer: fc.integer({ min: 1, max: 3 }), handover: fc.boolean() }),
        (link, script, leave) => run(link, script, leave),
      ),
      { numRuns: 20 },
    );
  });
});
