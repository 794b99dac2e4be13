// Steered motion through the whole pipeline: velocities kicked every tick go as deltas in the
// tick's chosen orders, positions re-anchor at the client's semi-implicit prediction and are
// corrected only past their tolerance, a heading angle follows its velocity for free. Every
// client (one from the start, one joining late) holds every value within its declared error
// after every tick, and a flipped bit in a steered update never half-applies.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random/mulberry32.js";
import { angle, defineComponent, defineNetworkSchema, uint8, vec2 } from "../schema/index.js";
import { World } from "../world/index.js";
import { ReplicationClient, ReplicationServer } from "./index.js";

const DT = 1 / 30;
const SIZE = 1000;
const Craft = defineComponent("Craft", {
  vel: vec2({ min: -32, max: 32, step: 1 / 64 }),
  pos: vec2({ min: 0, max: SIZE, step: 1 / 64, predict: { rate: "vel", tolerance: 1 / 64 } }),
  facing: angle({ bits: 10, heading: "vel" }),
  hp: uint8(),
});
const schema = defineNetworkSchema([Craft], { tickSeconds: DT, maxEntities: 64 });
const VEL_ERR = 1 / 128 + 1e-9;
const POS_ERR = 1 / 64 + 1e-9;
const FACING_ERR = Math.PI / 1024 + 1e-9;

/** The game: kick every velocity, integrate semi-implicitly, bounce, face the velocity. */
function step(world: World, random: () => number, kick: number, offHeading: number): void {
  const c = world.store(Craft);
  world.alive.forEach((e) => {
    for (const axis of ["x", "y"] as const) {
      const v = Math.max(-30, Math.min(30, c.vel[axis][e]! + (2 * random() - 1) * kick));
      let p = c.pos[axis][e]! + v * DT;
      c.vel[axis][e] = v;
      if (p < 0 || p > SIZE) {
        p = p < 0 ? -p : 2 * SIZE - p;
        c.vel[axis][e] = -v;
      }
      c.pos[axis][e] = p;
    }
    c.facing[e] = random() < offHeading ? random() * 7 - 3.5 : Math.atan2(c.vel.y[e]!, c.vel.x[e]!);
    if (random() < 0.05) c.hp[e] = Math.floor(random() * 256);
  });
}

/** The largest error of `client`'s mirror per field (and whether it holds exactly the world's ids). */
function worstErrors(world: World, client: ReplicationClient) {
  const s = world.store(Craft);
  const m = client.world.store(Craft);
  const worst = { ids: client.size === world.alive.count(), vel: 0, pos: 0, facing: 0, hp: 0 };
  world.alive.forEach((id) => {
    const e = client.entityOf(id);
    if (e < 0) worst.ids = false;
    for (const axis of ["x", "y"] as const) {
      worst.vel = Math.max(worst.vel, Math.abs(m.vel[axis][e]! - s.vel[axis][id]!));
      worst.pos = Math.max(worst.pos, Math.abs(m.pos[axis][e]! - s.pos[axis][id]!));
    }
    const d = Math.abs(m.facing[e]! - s.facing[id]!) % (2 * Math.PI);
    worst.facing = Math.max(worst.facing, Math.min(d, 2 * Math.PI - d));
    worst.hp = Math.max(worst.hp, Math.abs(m.hp[e]! - s.hp[id]!));
  });
  return worst;
}

function expectMirrors(world: World, client: ReplicationClient): void {
  const worst = worstErrors(world, client);
  expect(worst.ids).toBe(true);
  expect(worst.vel).toBeLessThanOrEqual(VEL_ERR);
  expect(worst.pos).toBeLessThanOrEqual(POS_ERR);
  expect(worst.facing).toBeLessThanOrEqual(FACING_ERR);
  expect(worst.hp).toBe(0);
}

function dump(c: ReplicationClient): number[] {
  const m = c.world.store(Craft);
  const out = [c.tick];
  for (const id of c.networkIds()) {
    const e = c.entityOf(id);
    out.push(id, m.vel.x[e]!, m.vel.y[e]!, m.pos.x[e]!, m.pos.y[e]!, m.facing[e]!, m.hp[e]!);
  }
  return out;
}

const mirror = () =>
  new ReplicationClient(new World({ capacity: 64, idReuseDelayTicks: 0 }), schema);

describe("steered motion", () => {
  it("every client holds every value within its declared error after every tick", () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        (seed, n, kick, offHeading, joinAt) => {
          const random = mulberry32(seed);
          const world = new World({ capacity: 64 });
          const server = new ReplicationServer(world, schema);
          for (let i = 0; i < n; i++) {
            const e = world.spawn();
            world.add(e, Craft, {
              vel: { x: random() * 60 - 30, y: random() * 60 - 30 },
              pos: { x: random() * SIZE, y: random() * SIZE },
              hp: 100,
            });
          }
          const early = { session: server.connect(), client: mirror() };
          const late = { session: server.connect(), client: mirror() };
          for (let tick = 0; tick < 30; tick++) {
            if (tick > 0) step(world, random, kick, offHeading);
            server.commit();
            for (const c of tick >= joinAt ? [early, late] : [early]) {
              expect(c.client.apply(server.writeUpdate(c.session, null)).ok).toBe(true);
              expectMirrors(world, c.client);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("costs about two kicks' worth a mover: deltas in an escape code, no position, no angle", () => {
    const random = mulberry32(7);
    const world = new World({ capacity: 64 });
    const server = new ReplicationServer(world, schema);
    for (let i = 0; i < 64; i++) {
      const e = world.spawn();
      world.add(e, Craft, { vel: { x: 10, y: -10 }, pos: { x: 500, y: 500 }, hp: 1 });
    }
    const session = server.connect();
    const client = mirror();
    let bytes = 0;
    for (let tick = 0; tick < 40; tick++) {
      if (tick > 0) step(world, random, 2, 0);
      server.commit();
      const update = server.writeUpdate(session, null);
      expect(client.apply(update).ok).toBe(true);
      if (tick >= 10) bytes += update.length;
    }
    // A kick of ±2 units/s is ±128 codes a lane: 8 bits each in the escape code, plus 7 bits
    // of rank and flags (rank gap, component, vel, mode, pos, facing, hp) and the odd
    // position correction: under 26 bits a mover, where absolute velocities alone take 2 × 12.
    expect((bytes * 8) / 30 / 64).toBeLessThan(26);
    expectMirrors(world, client);
  });

  it("a flipped bit in a steered update is refused or decodes in range, never half-applies", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (seed, bit) => {
        const random = mulberry32(seed);
        const world = new World({ capacity: 64 });
        const server = new ReplicationServer(world, schema);
        for (let i = 0; i < 12; i++) {
          const e = world.spawn();
          world.add(e, Craft, { vel: { x: 5, y: 5 }, pos: { x: random() * SIZE, y: 300 } });
        }
        const session = server.connect();
        const [a, b] = [mirror(), mirror()];
        let last = new Uint8Array(0);
        for (let tick = 0; tick < 6; tick++) {
          if (tick > 0) step(world, random, 3, 0.2);
          server.commit();
          last = server.writeUpdate(session, null).slice();
          if (tick < 5) for (const c of [a, b]) expect(c.apply(last).ok).toBe(true);
        }
        expect(a.apply(last).ok).toBe(true);
        const flipped = last.slice();
        const at = bit % (flipped.length * 8);
        flipped[at >> 3] = flipped[at >> 3]! ^ (1 << (at & 7));
        const before = dump(b);
        const result = b.apply(flipped);
        if (!result.ok) {
          expect(dump(b)).toEqual(before);
          return;
        }
        const m = b.world.store(Craft);
        for (const id of b.networkIds()) {
          const e = b.entityOf(id);
          expect(m.pos.x[e]).toBeGreaterThanOrEqual(0);
          expect(m.pos.x[e]).toBeLessThanOrEqual(SIZE);
          expect(Math.abs(m.vel.x[e]!)).toBeLessThanOrEqual(32);
          expect(Math.abs(m.facing[e]!)).toBeLessThanOrEqual(Math.PI);
        }
      }),
      { numRuns: 300 },
    );
  });
});
