import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteReader } from "../../codec/byte-reader.js";
import { ByteWriter } from "../../codec/byte-writer.js";
import { arenaGame, spawnPoint } from "./arena-game.js";
import { ARENA_BUTTON, ARENA_INPUT_CODEC, type ArenaInput } from "./arena-input.js";
import {
  ARENA_HEIGHT,
  ARENA_STATE_CODEC,
  ARENA_WIDTH,
  type ArenaState,
  SHIP_RADIUS,
  type Ship,
} from "./arena-state.js";
import {
  DRAG_PER_SECOND,
  MAX_SPEED,
  stepArena,
  THRUST,
  TURN_RATE,
  wrapAngle,
} from "./arena-step.js";

const DT = 1 / 20;
const { THRUST: T, REVERSE: R, LEFT: L, RIGHT: Rt } = ARENA_BUTTON;

function ship(fields: Partial<Ship> & { playerId?: number } = {}): Ship {
  return { playerId: 1, x: 800, y: 450, angle: 0, vx: 0, vy: 0, ...fields };
}

function stepOne(s: Ship, buttons: number, dt = DT): Ship {
  const state: ArenaState = { ships: [s] };
  stepArena(state, new Map([[s.playerId, { buttons }]]), dt);
  return state.ships[0]!;
}

const inside = (s: Ship) =>
  s.x >= SHIP_RADIUS &&
  s.x <= ARENA_WIDTH - SHIP_RADIUS &&
  s.y >= SHIP_RADIUS &&
  s.y <= ARENA_HEIGHT - SHIP_RADIUS;

/** A ship anywhere inside the walls, with any heading and a velocity up to MAX_SPEED. */
const anyShip = (playerId: number) =>
  fc
    .record({
      x: fc.double({ min: SHIP_RADIUS, max: ARENA_WIDTH - SHIP_RADIUS, noNaN: true }),
      y: fc.double({ min: SHIP_RADIUS, max: ARENA_HEIGHT - SHIP_RADIUS, noNaN: true }),
      angle: fc.double({ min: -Math.PI, max: Math.PI, maxExcluded: true, noNaN: true }),
      heading: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      speed: fc.double({ min: 0, max: MAX_SPEED, noNaN: true }),
    })
    .map(({ x, y, angle, heading, speed }) =>
      ship({ playerId, x, y, angle, vx: Math.cos(heading) * speed, vy: Math.sin(heading) * speed }),
    );

const anyState = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => anyShip(i + 1))))
  .map((ships): ArenaState => ({ ships }));

/** Per tick, the buttons of players 1..4. */
const inputTicks = fc.array(
  fc.array(fc.integer({ min: 0, max: 0b1111 }), { minLength: 4, maxLength: 4 }),
  {
    minLength: 1,
    maxLength: 120,
  },
);

function run(state: ArenaState, ticks: number[][], dt = DT, each?: (s: ArenaState) => void): void {
  for (const buttons of ticks) {
    const inputs = new Map<number, ArenaInput>(buttons.map((b, i) => [i + 1, { buttons: b }]));
    stepArena(state, inputs, dt);
    each?.(state);
  }
}

describe("stepArena", () => {
  it("gives the same result for the same state and inputs", () => {
    fc.assert(
      fc.property(anyState, inputTicks, (state, ticks) => {
        const a = structuredClone(state);
        const b = structuredClone(state);
        run(a, ticks);
        run(b, ticks);
        expect(a).toEqual(b);
      }),
      { numRuns: 50 },
    );
  });

  it("never lets a ship leave the arena, whatever the inputs", () => {
    fc.assert(
      fc.property(
        anyState,
        inputTicks,
        fc.constantFrom(1 / 60, 1 / 20, 1 / 10),
        (state, ticks, dt) => {
          run(state, ticks, dt, (s) => {
            for (const sh of s.ships) expect(inside(sh), JSON.stringify(sh)).toBe(true);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it("never lets a ship go faster than MAX_SPEED, whatever the inputs", () => {
    fc.assert(
      fc.property(anyState, inputTicks, fc.constantFrom(1 / 60, 1 / 20), (state, ticks, dt) => {
        run(state, ticks, dt, (s) => {
          for (const sh of s.ships)
            expect(Math.hypot(sh.vx, sh.vy)).toBeLessThanOrEqual(MAX_SPEED + 1e-9);
        });
      }),
      { numRuns: 50 },
    );
  });

  it("caps a ship moving faster than MAX_SPEED to MAX_SPEED along the same direction", () => {
    // 1000 u/s × drag 0.25^0.05 ≈ 933 u/s after drag, still above the cap, so scaled to 420.
    const s = stepOne(ship({ vx: 600, vy: 800 }), 0);
    expect(Math.hypot(s.vx, s.vy)).toBeCloseTo(MAX_SPEED, 9);
    expect(s.vy / s.vx).toBeCloseTo(800 / 600, 12);
  });

  it("accelerates a resting ship along its heading when thrusting", () => {
    for (const angle of [0, Math.PI / 2, -2.5, 1]) {
      const s = stepOne(ship({ angle }), T);
      // Δv = THRUST × dt = 30 u/s along the heading, then one step of drag 0.25^dt.
      const dv = THRUST * DT * DRAG_PER_SECOND ** DT;
      expect(s.vx).toBeCloseTo(Math.cos(angle) * dv, 9);
      expect(s.vy).toBeCloseTo(Math.sin(angle) * dv, 9);
      expect(s.x).toBeCloseTo(800 + s.vx * DT, 9);
      expect(s.y).toBeCloseTo(450 + s.vy * DT, 9);
    }
  });

  it("pushes a ship backwards at half thrust when reversing", () => {
    const forward = stepOne(ship({ angle: 0.3 }), T);
    const reverse = stepOne(ship({ angle: 0.3 }), R);
    expect(reverse.vx).toBeCloseTo(-forward.vx / 2, 9);
    expect(reverse.vy).toBeCloseTo(-forward.vy / 2, 9);
  });

  it("only slows a ship by drag when no button is held", () => {
    const s = stepOne(ship({ vx: 100, vy: -50 }), 0);
    expect(s.vx).toBeCloseTo(100 * DRAG_PER_SECOND ** DT, 9);
    expect(s.vy).toBeCloseTo(-50 * DRAG_PER_SECOND ** DT, 9);
    expect(s.angle).toBe(0);
  });

  it("turns right by TURN_RATE × dt and left by the same, and not at all with both", () => {
    const a0 = 0.5;
    expect(stepOne(ship({ angle: a0 }), Rt).angle).toBeCloseTo(a0 + TURN_RATE * DT, 12);
    expect(stepOne(ship({ angle: a0 }), L).angle).toBeCloseTo(a0 - TURN_RATE * DT, 12);
    expect(stepOne(ship({ angle: a0 }), L | Rt).angle).toBe(a0);
  });

  it("wraps the heading into [-π, π) when a turn crosses π", () => {
    const a0 = Math.PI - 0.1;
    const turned = stepOne(ship({ angle: a0 }), Rt).angle;
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
    const state: ArenaState = { ships: [ship({ angle: 0.2 })] };
    stepArena(state, new Map(), DT);
    expect(state.ships[0]).toEqual(ship({ angle: 0.2 }));
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

describe("ARENA_STATE_CODEC", () => {
  const f32 = fc.float({ noNaN: true, noDefaultInfinity: true });
  const anyShips = fc.array(
    fc.record({
      playerId: fc.integer({ min: 0, max: 0xffff }),
      x: f32,
      y: f32,
      angle: f32,
      vx: f32,
      vy: f32,
    }),
    { maxLength: 8 },
  );

  function encode(state: ArenaState): Uint8Array {
    const w = new ByteWriter(16);
    ARENA_STATE_CODEC.encode(state, w);
    return w.toBytes();
  }

  it("round-trips a state at f32 precision, in 2 + 22 bytes per ship", () => {
    fc.assert(
      fc.property(anyShips, (ships) => {
        const bytes = encode({ ships });
        expect(bytes.length).toBe(2 + 22 * ships.length);
        const r = new ByteReader(bytes);
        expect(ARENA_STATE_CODEC.decode(r)).toEqual({ ships });
        expect(r.failed).toBe(false);
        expect(r.remaining).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it("rounds double-precision positions to the nearest f32", () => {
    const s = ship({ x: 800.1, y: 450.3, angle: 0.1, vx: 1 / 3, vy: -Math.PI });
    const decoded = ARENA_STATE_CODEC.decode(new ByteReader(encode({ ships: [s] })));
    expect(decoded.ships[0]).toEqual({
      playerId: 1,
      x: Math.fround(800.1),
      y: Math.fround(450.3),
      angle: Math.fround(0.1),
      vx: Math.fround(1 / 3),
      vy: Math.fround(-Math.PI),
    });
  });

  it("pins the layout of one ship", () => {
    const bytes = encode({
      ships: [ship({ playerId: 2, x: 1.5, y: 1000, angle: 0, vx: -2, vy: 0.5 })],
    });
    expect(Buffer.from(bytes).toString("hex")).toBe(
      [
        "0100", // count u16 = 1
        "0200", // playerId u16 = 2
        "0000c03f", // x f32 = 1.5
        "00007a44", // y f32 = 1000
        "00000000", // angle f32 = 0
        "000000c0", // vx f32 = -2
        "0000003f", // vy f32 = 0.5
      ].join(""),
    );
  });

  it("fails the reader on a state cut short, and not on the whole state", () => {
    const bytes = encode({ ships: [ship(), ship({ playerId: 2 })] });
    for (let n = 0; n < bytes.length; n++) {
      const r = new ByteReader(bytes.subarray(0, n));
      ARENA_STATE_CODEC.decode(r);
      expect(r.failed).toBe(true);
    }
    const whole = new ByteReader(bytes);
    ARENA_STATE_CODEC.decode(whole);
    expect(whole.failed).toBe(false);
  });

  it("stops reading at the first failure when the count claims 65535 ships", () => {
    const r = new ByteReader(Uint8Array.of(0xff, 0xff, 0x01));
    const state = ARENA_STATE_CODEC.decode(r);
    expect(r.failed).toBe(true);
    expect(state.ships.length).toBeLessThanOrEqual(1);
  });
});

describe("spawnPoint and arenaGame", () => {
  const ids = Array.from({ length: 64 }, (_, i) => i + 1);

  it("spawns players 1..64 inside the walls", () => {
    for (const id of ids) expect(inside(ship(spawnPoint(id))), `player ${id}`).toBe(true);
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
      expect(p.angle).toBeCloseTo(toCentre, 12);
    }
  });

  it("adds ships at their spawn points, at rest, sorted by player id, and removes them", () => {
    const state = arenaGame.create();
    arenaGame.addPlayer(state, 3, "c");
    arenaGame.addPlayer(state, 1, "a");
    arenaGame.addPlayer(state, 2, "b");
    expect(state.ships.map((s) => s.playerId)).toEqual([1, 2, 3]);
    expect(state.ships[0]).toEqual({ playerId: 1, ...spawnPoint(1), vx: 0, vy: 0 });
    arenaGame.removePlayer(state, 2);
    expect(state.ships.map((s) => s.playerId)).toEqual([1, 3]);
  });
});
