import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReplicationClient } from "../../shared/replication/replication-client.js";
import { ReplicationServer } from "../../shared/replication/replication-server.js";
import { World } from "../../shared/world/world.js";
import { arenaGame, shipOf, spawnPoint } from "./arena-game.js";
import { ARENA_BUTTON, ARENA_INPUT_CODEC, type ArenaInput } from "./arena-input.js";
import {
  ARENA_HEIGHT,
  ARENA_SCHEMA,
  ARENA_TICK_RATE,
  ARENA_WIDTH,
  SHIP_RADIUS,
  Ship,
} from "./arena-state.js";
import {
  collectShips,
  DRAG_PER_SECOND,
  MAX_SPEED,
  stepArena,
  THRUST,
  TURN_RATE,
  wrapAngle,
} from "./arena-step.js";

const DT = 1 / 20;
const { THRUST: T, REVERSE: R, LEFT: L, RIGHT: Rt } = ARENA_BUTTON;

/** A ship's fields as plain numbers (the world stores them in per-field lanes). */
interface ShipFields {
  owner: number;
  x: number;
  y: number;
  heading: number;
  vx: number;
  vy: number;
}

function ship(fields: Partial<ShipFields> = {}): ShipFields {
  return { owner: 1, x: 800, y: 450, heading: 0, vx: 0, vy: 0, ...fields };
}

/** A server-side world holding `ships`, spawned in order (entity i holds ships[i]). */
function worldOf(ships: readonly ShipFields[]): World {
  const world = new World({ capacity: ARENA_SCHEMA.maxEntities });
  for (const s of ships) {
    world.add(world.spawn(), Ship, {
      owner: s.owner,
      pos: { x: s.x, y: s.y },
      vel: { x: s.vx, y: s.vy },
      heading: s.heading,
    });
  }
  return world;
}

function read(world: World, e: number): ShipFields {
  const s = world.store(Ship);
  return {
    owner: s.owner[e]!,
    x: s.pos.x[e]!,
    y: s.pos.y[e]!,
    heading: s.heading[e]!,
    vx: s.vel.x[e]!,
    vy: s.vel.y[e]!,
  };
}

/** Every ship of `world`, in query order (ascending entity id). */
function ships(world: World): ShipFields[] {
  const q = collectShips(world);
  return Array.from(q.entities.subarray(0, q.count), (e) => read(world, e));
}

function stepOne(s: ShipFields, buttons: number, dt = DT): ShipFields {
  const world = worldOf([s]);
  stepArena(world, new Map([[s.owner, { buttons }]]), dt);
  return read(world, 0);
}

const inside = (s: { x: number; y: number }) =>
  s.x >= SHIP_RADIUS &&
  s.x <= ARENA_WIDTH - SHIP_RADIUS &&
  s.y >= SHIP_RADIUS &&
  s.y <= ARENA_HEIGHT - SHIP_RADIUS;

/** A ship anywhere inside the walls, with any heading and a velocity up to MAX_SPEED. */
const anyShip = (owner: number) =>
  fc
    .record({
      x: fc.double({ min: SHIP_RADIUS, max: ARENA_WIDTH - SHIP_RADIUS, noNaN: true }),
      y: fc.double({ min: SHIP_RADIUS, max: ARENA_HEIGHT - SHIP_RADIUS, noNaN: true }),
      heading: fc.double({ min: -Math.PI, max: Math.PI, maxExcluded: true, noNaN: true }),
      course: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      speed: fc.double({ min: 0, max: MAX_SPEED, noNaN: true }),
    })
    .map(({ x, y, heading, course, speed }) =>
      ship({
        owner,
        x,
        y,
        heading,
        vx: Math.cos(course) * speed,
        vy: Math.sin(course) * speed,
      }),
    );

const anyShips = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => anyShip(i + 1))));

/** Per tick, the buttons of players 1..4. */
const inputTicks = fc.array(
  fc.array(fc.integer({ min: 0, max: 0b1111 }), { minLength: 4, maxLength: 4 }),
  {
    minLength: 1,
    maxLength: 120,
  },
);

function run(world: World, ticks: number[][], dt = DT, each?: (w: World) => void): void {
  for (const buttons of ticks) {
    const inputs = new Map<number, ArenaInput>(buttons.map((b, i) => [i + 1, { buttons: b }]));
    stepArena(world, inputs, dt);
    each?.(world);
  }
}

describe("stepArena", () => {
  it("gives the same result for the same world and inputs", () => {
    fc.assert(
      fc.property(anyShips, inputTicks, (start, ticks) => {
        const a = worldOf(start);
        const b = worldOf(start);
        run(a, ticks);
        run(b, ticks);
        expect(ships(a)).toEqual(ships(b));
        expect(ships(a).map((s) => s.owner)).toEqual(start.map((s) => s.owner));
      }),
      { numRuns: 50 },
    );
  });

  it("never lets a ship leave the arena, whatever the inputs", () => {
    fc.assert(
      fc.property(
        anyShips,
        inputTicks,
        fc.constantFrom(1 / 60, 1 / 20, 1 / 10),
        (start, ticks, dt) => {
          run(worldOf(start), ticks, dt, (w) => {
            for (const sh of ships(w)) expect(inside(sh), JSON.stringify(sh)).toBe(true);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it("never lets a ship go faster than MAX_SPEED, whatever the inputs", () => {
    fc.assert(
      fc.property(anyShips, inputTicks, fc.constantFrom(1 / 60, 1 / 20), (start, ticks, dt) => {
        run(worldOf(start), ticks, dt, (w) => {
          for (const sh of ships(w))
            expect(Math.hypot(sh.vx, sh.vy)).toBeLessThanOrEqual(MAX_SPEED + 1e-9);
        });
      }),
      { numRuns: 50 },
    );
  });

  it("keeps every Ship field within the range its schema quantizes, so nothing is clamped", () => {
    // vel in [-512, 512], pos in [0, 1600] (both lanes), heading in [-π, π).
    fc.assert(
      fc.property(anyShips, inputTicks, (start, ticks) => {
        run(worldOf(start), ticks, DT, (w) => {
          for (const sh of ships(w)) {
            for (const v of [sh.vx, sh.vy]) expect(Math.abs(v)).toBeLessThanOrEqual(512);
            for (const p of [sh.x, sh.y]) {
              expect(p).toBeGreaterThanOrEqual(0);
              expect(p).toBeLessThanOrEqual(ARENA_WIDTH);
            }
            expect(sh.heading).toBeGreaterThanOrEqual(-Math.PI);
            expect(sh.heading).toBeLessThan(Math.PI);
          }
        });
      }),
      { numRuns: 30 },
    );
  });

  it("caps a ship moving faster than MAX_SPEED to MAX_SPEED along the same direction", () => {
    // 1000 u/s × drag 0.25^0.05 ≈ 933 u/s after drag, still above the cap, so scaled to 420.
    const s = stepOne(ship({ vx: 600, vy: 800 }), 0);
    expect(Math.hypot(s.vx, s.vy)).toBeCloseTo(MAX_SPEED, 9);
    expect(s.vy / s.vx).toBeCloseTo(800 / 600, 12);
  });

  it("accelerates a resting ship along its heading when thrusting", () => {
    for (const heading of [0, Math.PI / 2, -2.5, 1]) {
      const s = stepOne(ship({ heading }), T);
      // Δv = THRUST × dt = 30 u/s along the heading, then one step of drag 0.25^dt.
      const dv = THRUST * DT * DRAG_PER_SECOND ** DT;
      expect(s.vx).toBeCloseTo(Math.cos(heading) * dv, 9);
      expect(s.vy).toBeCloseTo(Math.sin(heading) * dv, 9);
      expect(s.x).toBeCloseTo(800 + s.vx * DT, 9);
      expect(s.y).toBeCloseTo(450 + s.vy * DT, 9);
    }
  });

  it("pushes a ship backwards at half thrust when reversing", () => {
    const forward = stepOne(ship({ heading: 0.3 }), T);
    const reverse = stepOne(ship({ heading: 0.3 }), R);
    expect(reverse.vx).toBeCloseTo(-forward.vx / 2, 9);
    expect(reverse.vy).toBeCloseTo(-forward.vy / 2, 9);
  });

  it("only slows a ship by drag when no button is held", () => {
    const s = stepOne(ship({ vx: 100, vy: -50 }), 0);
    expect(s.vx).toBeCloseTo(100 * DRAG_PER_SECOND ** DT, 9);
    expect(s.vy).toBeCloseTo(-50 * DRAG_PER_SECOND ** DT, 9);
    expect(s.x).toBeCloseTo(800 + s.vx * DT, 9);
    expect(s.heading).toBe(0);
  });

  it("snaps a coasting ship to rest once drag takes its speed below 1 u/s, and not before", () => {
    const drag = DRAG_PER_SECOND ** DT; // ≈ 0.933 per 1/20 s step
    // 1.05 u/s × 0.933 ≈ 0.98 u/s < 1: stopped. It still moved by that speed this step.
    const stopped = stepOne(ship({ vx: 1.05 }), 0);
    expect([stopped.vx, stopped.vy]).toEqual([0, 0]);
    expect(stopped.x).toBeCloseTo(800 + 1.05 * drag * DT, 12);
    // 1.1 u/s × 0.933 ≈ 1.026 u/s ≥ 1: still coasting.
    const coasting = stepOne(ship({ vx: 1.1 }), 0);
    expect(coasting.vx).toBeCloseTo(1.1 * drag, 12);
    // The same holds for the speed, not per lane: (0.8, 0.8) × 0.933 ≈ 1.056 u/s keeps going.
    const diagonal = stepOne(ship({ vx: 0.8, vy: 0.8 }), 0);
    expect(diagonal.vx).toBeCloseTo(0.8 * drag, 12);
    expect(diagonal.vy).toBeCloseTo(0.8 * drag, 12);
  });

  it("brings a coasting ship exactly to rest in a finite number of ticks", () => {
    // 420 u/s × 0.933^n < 1 from n = ⌈ln(420) / -ln(0.933)⌉ = ⌈6.04 / 0.0693⌉ = 88 ticks.
    const world = worldOf([ship({ vx: MAX_SPEED })]);
    let ticks = 0;
    while (read(world, 0).vx !== 0 && ticks < 1000) {
      stepArena(world, new Map(), DT);
      ticks++;
    }
    expect(ticks).toBe(Math.ceil(Math.log(MAX_SPEED) / -Math.log(DRAG_PER_SECOND ** DT)));
    expect(ticks).toBe(88);
  });

  it("does not snap a slow ship that is thrusting or reversing", () => {
    const drag = DRAG_PER_SECOND ** DT;
    // Reversing at heading 0 pushes -0.5 × 600 × 1/20 = -15 u/s: 15.5 → 0.5 × 0.933 ≈ 0.47 u/s.
    const s = stepOne(ship({ vx: 15.5 }), R);
    expect(s.vx).toBeCloseTo((15.5 - 15) * drag, 12);
    expect(s.vx).toBeGreaterThan(0);
  });

  it("turns right by TURN_RATE × dt and left by the same, and not at all with both", () => {
    const a0 = 0.5;
    expect(stepOne(ship({ heading: a0 }), Rt).heading).toBeCloseTo(a0 + TURN_RATE * DT, 12);
    expect(stepOne(ship({ heading: a0 }), L).heading).toBeCloseTo(a0 - TURN_RATE * DT, 12);
    expect(stepOne(ship({ heading: a0 }), L | Rt).heading).toBe(a0);
  });

  it("wraps the heading into [-π, π) when a turn crosses π", () => {
    const a0 = Math.PI - 0.1;
    const turned = stepOne(ship({ heading: a0 }), Rt).heading;
    expect(turned).toBeGreaterThanOrEqual(-Math.PI);
    expect(turned).toBeLessThan(Math.PI);
    expect(turned).toBeCloseTo(a0 + TURN_RATE * DT - 2 * Math.PI, 12);
  });

  it("bounces a ship off a wall, keeping BOUNCE of its speed", () => {
    const s = stepOne(ship({ x: ARENA_WIDTH - SHIP_RADIUS - 1, vx: 200 }), 0);
    expect(s.x).toBe(ARENA_WIDTH - SHIP_RADIUS);
    // 200 × drag, then reversed and scaled by 0.6
    expect(s.vx).toBeCloseTo(-200 * DRAG_PER_SECOND ** DT * 0.6, 9);
  });

  it("gives a player without an input this tick no buttons", () => {
    const world = worldOf([ship({ heading: 0.2 })]);
    stepArena(world, new Map(), DT);
    expect(read(world, 0)).toEqual(ship({ heading: 0.2 }));
  });

  it("steers each ship by its owner's input, not by its entity id", () => {
    // Entity 0 belongs to player 7, entity 1 to player 3.
    const world = worldOf([ship({ owner: 7 }), ship({ owner: 3, y: 300 })]);
    stepArena(world, new Map([[3, { buttons: T }]]), DT);
    expect(read(world, 0).vx).toBe(0);
    expect(read(world, 1).vx).toBeCloseTo(THRUST * DT * DRAG_PER_SECOND ** DT, 9);
  });
});

describe("wrapAngle", () => {
  it("maps any angle into [-π, π) without changing its direction", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), (a) => {
        const w = wrapAngle(a);
        expect(w).toBeGreaterThanOrEqual(-Math.PI);
        expect(w).toBeLessThan(Math.PI);
        expect(Math.cos(w)).toBeCloseTo(Math.cos(a), 9);
        expect(Math.sin(w)).toBeCloseTo(Math.sin(a), 9);
      }),
      { numRuns: 200 },
    );
  });

  it("maps angles just below an odd multiple of π into [-π, π) too", () => {
    // The largest doubles below π, 5π and -π: (a + π) / 2π rounds up to a whole number there,
    // so a careless wrap lands one ulp below -π.
    for (const a of [nextDown(Math.PI), nextDown(5 * Math.PI), nextDown(-Math.PI)]) {
      const w = wrapAngle(a);
      expect(w, `wrapAngle(${a})`).toBeGreaterThanOrEqual(-Math.PI);
      expect(w, `wrapAngle(${a})`).toBeLessThan(Math.PI);
    }
  });

  it("maps π to -π and leaves -π as it is", () => {
    expect(wrapAngle(Math.PI)).toBe(-Math.PI);
    expect(wrapAngle(-Math.PI)).toBe(-Math.PI);
    expect(wrapAngle(0)).toBe(0);
  });
});

/** The largest double below `x` (for x > 0: one ulp less; for x < 0: one ulp more negative). */
function nextDown(x: number): number {
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] = x > 0 ? bits[0]! - 1n : bits[0]! + 1n;
  return f[0]!;
}

describe("ARENA_INPUT_CODEC", () => {
  it("encodes an input in one byte and decodes all sixteen button sets back", () => {
    expect(ARENA_INPUT_CODEC.bytes).toBe(1);
    for (let buttons = 0; buttons <= 0b1111; buttons++) {
      const out = new Uint8Array(3);
      ARENA_INPUT_CODEC.encode({ buttons }, out, 1);
      expect(out).toEqual(Uint8Array.of(0, buttons, 0));
      expect(ARENA_INPUT_CODEC.decode(out, 1)).toEqual({ buttons });
    }
  });

  it("refuses a byte with a bit above 0b1111 (0x10) but accepts 0x0f", () => {
    expect(ARENA_INPUT_CODEC.decode(Uint8Array.of(0x10), 0)).toBeUndefined();
    expect(ARENA_INPUT_CODEC.decode(Uint8Array.of(0x0f), 0)).toEqual({ buttons: 0x0f });
    for (let b = 0x10; b <= 0xff; b++) {
      expect(ARENA_INPUT_CODEC.decode(Uint8Array.of(b), 0)).toBeUndefined();
    }
  });

  it("pins the button bits", () => {
    expect(ARENA_BUTTON).toEqual({ THRUST: 0b0001, REVERSE: 0b0010, LEFT: 0b0100, RIGHT: 0b1000 });
  });
});

describe("ARENA_SCHEMA replication", () => {
  /** A server replicating `world` and a client mirroring it, as a room and a player do. */
  function pair(world: World) {
    const server = new ReplicationServer(world, ARENA_SCHEMA);
    const session = server.connect();
    const mirror = new World({ capacity: ARENA_SCHEMA.maxEntities, idReuseDelayTicks: 0 });
    const client = new ReplicationClient(mirror, ARENA_SCHEMA);
    const send = () => {
      server.commit();
      return server.writeUpdate(session, null).slice();
    };
    return { server, client, mirror, send };
  }

  /** The mirror's ship of server entity `e`. */
  function mirrored(p: ReturnType<typeof pair>, e: number): ShipFields {
    return read(p.mirror, p.client.entityOf(e));
  }

  it("ticks at 30 Hz and predicts positions over the same tick", () => {
    expect(ARENA_TICK_RATE).toBe(30);
    expect(ARENA_SCHEMA.tickSeconds).toBe(1 / ARENA_TICK_RATE);
    expect(arenaGame.roomOptions?.tickRate).toBe(ARENA_TICK_RATE);
    expect(ARENA_SCHEMA.components).toEqual([Ship]);
    expect(ARENA_SCHEMA.maxEntities).toBe(256);
    expect(arenaGame.schema).toBe(ARENA_SCHEMA);
    expect(arenaGame.world?.capacity).toBeGreaterThanOrEqual(ARENA_SCHEMA.maxEntities);
  });

  it("pins the precision of each Ship field", () => {
    const field = (name: string) => Ship.fields.find((f) => f.name === name)!.field;
    const vel = field("vel") as unknown as { quantizer: { step: number; bits: number } };
    const pos = field("pos") as unknown as { quantizer: { step: number; bits: number } };
    const heading = field("heading") as unknown as { bits: number; step: number };
    const owner = field("owner") as unknown as { min: number; max: number; bits: number };
    // owner: 0..65535 in 16 bits. vel: 1024 × 16 = 16384 → codes 0..16384 need 15 bits;
    // pos: 1600 × 32 = 51200 → codes 0..51200 need 16 bits.
    expect([owner.min, owner.max, owner.bits]).toEqual([0, 0xffff, 16]);
    expect([vel.quantizer.step, pos.quantizer.step]).toEqual([1 / 16, 1 / 32]);
    expect([vel.quantizer.bits, pos.quantizer.bits]).toEqual([15, 16]);
    expect([heading.bits, heading.step]).toEqual([10, (2 * Math.PI) / 1024]);
    // Half a step: with the room keeping positions on the grid, reconstruction is exact.
    expect(field("pos").predict).toEqual({ rate: "vel", tolerance: 1 / 64 });
  });

  it("mirrors each ship at the schema's precision after a full update", () => {
    fc.assert(
      fc.property(anyShips, (start) => {
        const p = pair(worldOf(start));
        const applied = p.client.apply(p.send());
        expect(applied).toMatchObject({ ok: true, value: { kind: "full", spawned: start.length } });
        start.forEach((s, e) => {
          const m = mirrored(p, e);
          expect(m.owner).toBe(s.owner);
          // Half a step: 1/64 unit for positions, 1/32 u/s for velocities, π/1024 for headings.
          expect(Math.abs(m.x - s.x)).toBeLessThanOrEqual(1 / 64 + 1e-9);
          expect(Math.abs(m.y - s.y)).toBeLessThanOrEqual(1 / 64 + 1e-9);
          expect(Math.abs(m.vx - s.vx)).toBeLessThanOrEqual(1 / 32 + 1e-9);
          expect(Math.abs(m.vy - s.vy)).toBeLessThanOrEqual(1 / 32 + 1e-9);
          expect(Math.abs(wrapAngle(m.heading - s.heading))).toBeLessThanOrEqual(
            Math.PI / 1024 + 1e-9,
          );
        });
      }),
      { numRuns: 100 },
    );
  });

  it("rounds a ship's values to the nearest code of each field", () => {
    const p = pair(
      worldOf([ship({ owner: 2, x: 800.1, y: 450.3, heading: 0.1, vx: 1 / 3, vy: -Math.PI })]),
    );
    expect(p.client.apply(p.send()).ok).toBe(true);
    expect(mirrored(p, 0)).toEqual({
      owner: 2,
      x: Math.round(800.1 * 32) / 32, // 800.09375
      y: Math.round(450.3 * 32) / 32, // 450.3125
      heading: (Math.round((0.1 / (2 * Math.PI)) * 1024) * 2 * Math.PI) / 1024, // code 16
      vx: Math.round((1 / 3) * 16) / 16, // 0.3125
      vy: Math.round(-Math.PI * 16) / 16, // -3.125
    });
  });

  it("keeps the mirror within the schema's precision of the server over a played game", () => {
    fc.assert(
      fc.property(anyShips, inputTicks, (start, ticks) => {
        const world = worldOf(start);
        const p = pair(world);
        expect(p.client.apply(p.send()).ok).toBe(true);
        run(world, ticks, 1 / ARENA_TICK_RATE, () => {
          const applied = p.client.apply(p.send());
          expect(applied.ok).toBe(true);
          for (let e = 0; e < start.length; e++) {
            const s = read(world, e);
            const m = mirrored(p, e);
            // Predicted positions are corrected once off by more than half a step.
            expect(Math.abs(m.x - s.x)).toBeLessThanOrEqual(1 / 64 + 1e-9);
            expect(Math.abs(m.y - s.y)).toBeLessThanOrEqual(1 / 64 + 1e-9);
            expect(Math.abs(m.vx - s.vx)).toBeLessThanOrEqual(1 / 32 + 1e-9);
            expect(Math.abs(m.vy - s.vy)).toBeLessThanOrEqual(1 / 32 + 1e-9);
          }
        });
      }),
      { numRuns: 30 },
    );
  });

  it("refuses every proper prefix of a full arena update without touching the mirror", () => {
    const world = worldOf([ship(), ship({ owner: 2, x: 100, vx: -40, heading: 2 })]);
    const p = pair(world);
    const update = p.send();
    for (let n = 0; n < update.length; n++) {
      expect(p.client.apply(update.subarray(0, n)).ok, `${n} of ${update.length} bytes`).toBe(
        false,
      );
      expect(p.client.tick).toBe(-1);
      expect(p.client.size).toBe(0);
      expect(collectShips(p.mirror).count).toBe(0);
    }
    expect(p.client.apply(update).ok).toBe(true);
    expect(p.client.size).toBe(2);
    expect(collectShips(p.mirror).count).toBe(2);
  });

  it("never throws on a full arena update with one bit flipped, and never half-applies one", () => {
    const world = worldOf([ship(), ship({ owner: 2, x: 100, vx: -40 }), ship({ owner: 3, y: 80 })]);
    const update = pair(world).send();
    fc.assert(
      fc.property(fc.nat(update.length * 8 - 1), (bit) => {
        const doctored = update.slice();
        doctored[bit >> 3]! ^= 1 << (bit & 7);
        const p = pair(worldOf([]));
        const result = p.client.apply(doctored);
        if (!result.ok) {
          expect(p.client.size).toBe(0);
          expect(collectShips(p.mirror).count).toBe(0);
        } else expect(collectShips(p.mirror).count).toBe(p.client.size);
      }),
      { numRuns: 300 },
    );
  });

  it("pins the arena schema fingerprint that HELLO carries", () => {
    // Any change to the Ship declaration, the tick rate or maxEntities changes it, and rooms
    // then refuse clients built before the change with 4009.
    expect(ARENA_SCHEMA.fingerprint.toString(16).padStart(8, "0")).toMatchInlineSnapshot(
      `"bf7e0979"`,
    );
  });
});

describe("spawnPoint and arenaGame", () => {
  const ids = Array.from({ length: 64 }, (_, i) => i + 1);
  const newWorld = () => new World({ capacity: ARENA_SCHEMA.maxEntities, ...arenaGame.world });

  it("spawns players 1..64 inside the walls", () => {
    for (const id of ids) expect(inside(spawnPoint(id)), `player ${id}`).toBe(true);
  });

  it("spawns players 1..64 at distinct points", () => {
    const points = ids.map(spawnPoint);
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        const d = Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y);
        expect(d, `players ${i + 1} and ${j + 1}`).toBeGreaterThan(1);
      }
    }
  });

  it("spawns a ship facing the centre of the arena", () => {
    for (const id of ids) {
      const p = spawnPoint(id);
      const toCentre = Math.atan2(ARENA_HEIGHT / 2 - p.y, ARENA_WIDTH / 2 - p.x);
      expect(p.heading).toBeCloseTo(toCentre, 12);
    }
  });

  it("adds one ship per player at its spawn point, at rest, and removes it", () => {
    const world = newWorld();
    arenaGame.addPlayer(world, 3, "c", { team: undefined });
    arenaGame.addPlayer(world, 1, "a", { team: undefined });
    arenaGame.addPlayer(world, 2, "b", { team: undefined });
    // Ships are listed by entity id, i.e. in join order.
    expect(ships(world).map((s) => s.owner)).toEqual([3, 1, 2]);
    for (const id of [1, 2, 3]) {
      const e = shipOf(world, id);
      expect(e, `player ${id}`).toBeGreaterThanOrEqual(0);
      const at = spawnPoint(id);
      expect(read(world, e)).toEqual({
        owner: id,
        x: at.x,
        y: at.y,
        heading: at.heading,
        vx: 0,
        vy: 0,
      });
    }
    arenaGame.removePlayer(world, 2);
    expect(shipOf(world, 2)).toBe(-1);
    expect(ships(world).map((s) => s.owner)).toEqual([3, 1]);
    expect(read(world, shipOf(world, 1)).owner).toBe(1);
  });

  it("finds no ship for a player who never joined, and ignores removing one", () => {
    const world = newWorld();
    expect(shipOf(world, 1)).toBe(-1);
    arenaGame.addPlayer(world, 1, "a", { team: undefined });
    arenaGame.removePlayer(world, 9);
    expect(ships(world).map((s) => s.owner)).toEqual([1]);
  });
});
