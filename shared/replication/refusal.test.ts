// Every decoder refuses doctored input beside an accepted boundary neighbour, and hostile
// bytes (random, or a valid update with a flipped bit) never throw nor half-apply.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BitWriter, gapOrder, writeExpGolomb } from "../bits/index.js";
import {
  angle,
  boundedInt,
  defineComponent,
  defineNetworkSchema,
  type NetworkSchema,
  quantizedFloat,
  uint8,
  vec2,
} from "../schema/index.js";
import { World } from "../world/index.js";
import { ReplicationClient, ReplicationServer } from "./index.js";

const Tag = defineComponent("Tag", { team: boundedInt({ min: 0, max: 4 }) }); // 3 bits, codes 0..4
const tagSchema = defineNetworkSchema([Tag], { maxEntities: 16 });

/** Builds an update bit by bit: [bits, width] pairs, or ["eg", value, order]. */
type Part = [number, number] | ["eg", number, number];
function bytes(...parts: Part[]): Uint8Array {
  const w = new BitWriter();
  for (const p of parts) {
    if (p[0] === "eg") writeExpGolomb(w, p[1], p[2]);
    else w.writeBits(p[0], p[1]);
  }
  return w.finish().slice();
}

/** FULL at `tick` listing ids (gap order 0) with team values. */
function full(tick: number, entities: [number, number][], order = 0): Uint8Array {
  const parts: Part[] = [
    [0b00, 2],
    [tick, 32],
    ["eg", entities.length, 0],
  ];
  if (entities.length > 0) parts.push([order, 5]);
  let prev = -1;
  for (const [id, team] of entities) {
    parts.push(["eg", id - prev - 1, order], [team, 3]);
    prev = id;
  }
  return bytes(...parts);
}

function client(schema: NetworkSchema = tagSchema, capacity = 16): ReplicationClient {
  return new ReplicationClient(new World({ capacity, idReuseDelayTicks: 0 }), schema);
}

function accepted(c: ReplicationClient, update: Uint8Array): boolean {
  return c.apply(update).ok;
}

/** A client at tick 7 holding ids 2 and 5. */
function holding(): ReplicationClient {
  const c = client();
  expect(
    accepted(
      c,
      full(7, [
        [2, 1],
        [5, 3],
      ]),
    ),
  ).toBe(true);
  return c;
}

describe("update refusals", () => {
  it("refuses the reserved kind 11 beside kind 00, and an empty update", () => {
    expect(accepted(client(), full(1, []))).toBe(true);
    const reserved = full(1, []);
    reserved[0] = reserved[0]! | 0b11;
    expect(client().apply(reserved)).toEqual({ ok: false, error: "unknown update kind 3" });
    expect(client().apply(new Uint8Array(0))).toEqual({ ok: false, error: "empty update" });
  });

  it("refuses a delta before any full state, and one not built on the client's tick", () => {
    const delta = (low: number) =>
      bytes([0b01, 2], [low, 16], ["eg", 0, 0], ["eg", 0, 0], ["eg", 0, 0]);
    expect(client().apply(delta(1))).toEqual({ ok: false, error: "delta before any full state" });
    expect(accepted(holding(), delta(8))).toBe(true);
    expect(accepted(holding(), delta(9))).toBe(false);
    expect(accepted(holding(), delta(7))).toBe(false);
  });

  it("refuses a baseline update whose baseline is newer than the client", () => {
    // tick 10 against baseline 10 − span: span 3 reaches back to 7 (held), span 2 to 8 (not held).
    const baseline = (span: number) =>
      bytes([0b10, 2], [10, 16], ["eg", span - 1, 0], ["eg", 0, 0], ["eg", 0, 0]);
    expect(accepted(holding(), baseline(3))).toBe(true);
    expect(holding().apply(baseline(2))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/baseline not held/),
    });
  });

  it("refuses a stale full state beside a newer one", () => {
    expect(accepted(holding(), full(8, []))).toBe(true);
    expect(accepted(holding(), full(7, []))).toBe(false);
  });

  it("refuses an id outside the id space beside the last id", () => {
    expect(accepted(client(), full(1, [[15, 0]]))).toBe(true);
    expect(accepted(client(), full(1, [[16, 0]]))).toBe(false);
  });

  it("refuses a field code outside its range beside the largest code", () => {
    expect(accepted(client(), full(1, [[0, 4]]))).toBe(true);
    expect(accepted(client(), full(1, [[0, 5]]))).toBe(false);
  });

  it("refuses a gap order above 24 beside 24", () => {
    expect(accepted(client(), full(1, [[0, 1]], 24))).toBe(true);
    expect(accepted(client(), full(1, [[0, 1]], 25))).toBe(false);
  });

  it("refuses trailing bytes, non-zero padding and truncation beside the exact update", () => {
    const exact = full(1, [[3, 2]]);
    expect(accepted(client(), exact)).toBe(true);
    expect(client().apply(Uint8Array.of(...exact, 0))).toEqual({
      ok: false,
      error: "trailing bytes after update",
    });
    const padded = exact.slice();
    padded[padded.length - 1] = padded[padded.length - 1]! | 0x80;
    expect(accepted(client(), padded)).toBe(false);
    expect(accepted(client(), exact.subarray(0, exact.length - 1))).toBe(false);
  });

  it("refuses change lists longer than the known list or ranks past its end", () => {
    // DELTA at tick 8; changes: count, orders flag, then (rank gap, Tag changed bit, field
    // changed bit, value).
    const change = (count: number, ranks: number[]) => {
      const parts: Part[] = [
        [0b01, 2],
        [8, 16],
        ["eg", count, 0],
        [0, 1], // the coded fields' orders: none given
      ];
      let prev = -1;
      for (const rank of ranks) {
        parts.push(["eg", rank - prev - 1, gapOrder(2, count)], [1, 1], [1, 1], [4, 3]);
        prev = rank;
      }
      parts.push(["eg", 0, 0], ["eg", 0, 0]);
      return bytes(...parts);
    };
    expect(accepted(holding(), change(2, [0, 1]))).toBe(true);
    expect(accepted(holding(), change(3, [0, 1, 2]))).toBe(false);
    expect(accepted(holding(), change(1, [1]))).toBe(true);
    expect(accepted(holding(), change(1, [2]))).toBe(false);
  });

  it("refuses removal ranks past the known list", () => {
    // One removal out of 2 known: rank gaps use Exp-Golomb order gapOrder(2, 1) = 1.
    const removal = (rank: number) =>
      bytes([0b01, 2], [8, 16], ["eg", 0, 0], ["eg", 1, 0], ["eg", rank, 1], [1, 1], ["eg", 0, 0]);
    const c = holding();
    expect(c.apply(removal(1))).toMatchObject({ ok: true, value: { despawned: 1 } });
    expect(Array.from(c.networkIds())).toEqual([2]);
    expect(accepted(holding(), removal(2))).toBe(false);
  });

  it("takes a delta's full state of a held id as a refresh, not a second entity", () => {
    const spawn = (id: number) =>
      bytes(
        [0b01, 2],
        [8, 16],
        ["eg", 0, 0],
        ["eg", 0, 0],
        ["eg", 1, 0],
        [0, 5],
        ["eg", id, 0],
        [1, 3],
      );
    expect(accepted(holding(), spawn(3))).toBe(true);
    // A budgeted client gets held-back changes this way (docs/replication.md, budgets).
    const c = holding();
    expect(c.apply(spawn(5))).toMatchObject({ ok: true, value: { spawned: 0, changed: 1 } });
    expect(Array.from(c.networkIds())).toEqual([2, 5]);
  });

  it("refuses an empty component set beside a present one", () => {
    const Other = defineComponent("Other", { hp: uint8() });
    const schema = defineNetworkSchema([Tag, Other], { maxEntities: 16 });
    const upsert = (presence: number) =>
      bytes([0b00, 2], [1, 32], ["eg", 1, 0], [0, 5], ["eg", 0, 0], [presence, 2], [1, 3]);
    expect(accepted(client(schema), upsert(0b01))).toBe(true);
    expect(accepted(client(schema), upsert(0b00))).toBe(false);
  });

  it("refuses an anchor age above maxAgeTicks beside maxAgeTicks", () => {
    const Mover = defineComponent("Mover", {
      v: quantizedFloat({ min: -8, max: 8, step: 1 }),
      p: quantizedFloat({ min: 0, max: 15, step: 1, predict: { rate: "v", maxAgeTicks: 5 } }),
    });
    const schema = defineNetworkSchema([Mover], { maxEntities: 16, tickSeconds: 1 });
    // v code 9 (= +1/tick), p code 3, age in 3 bits.
    const upsert = (age: number) =>
      bytes([0b00, 2], [100, 32], ["eg", 1, 0], [0, 5], ["eg", 0, 0], [9, 5], [3, 4], [age, 3]);
    const c = client(schema);
    expect(accepted(c, upsert(5))).toBe(true);
    expect(c.world.store(Mover).p[c.entityOf(0)]).toBe(8); // anchor 3 + 1 · 5
    expect(accepted(client(schema), upsert(6))).toBe(false);
  });

  it("refuses a prediction residual that leaves the field's range", () => {
    const Mover = defineComponent("Mover", {
      v: quantizedFloat({ min: -8, max: 8, step: 1 }),
      p: quantizedFloat({ min: 0, max: 15, step: 1, predict: { rate: "v", maxAgeTicks: 5 } }),
    });
    const schema = defineNetworkSchema([Mover], { maxEntities: 16, tickSeconds: 1 });
    const c = () => {
      const at = client(schema);
      expect(
        accepted(
          at,
          bytes([0b00, 2], [1, 32], ["eg", 1, 0], [0, 5], ["eg", 0, 0], [8, 5], [15, 4]),
        ),
      ).toBe(true);
      return at;
    };
    // DELTA: rank 0 changed, v unchanged, p re-anchored by residual r (zigzag EG0).
    const correct = (zigzag: number) =>
      bytes(
        [0b01, 2],
        [2, 16],
        ["eg", 1, 0],
        [0, 1], // orders: none given (0)
        ["eg", 0, 0],
        [1, 1],
        [0, 1],
        [1, 1],
        ["eg", zigzag, 0],
        ["eg", 0, 0],
        ["eg", 0, 0],
      );
    expect(accepted(c(), correct(0))).toBe(true); // 15 + 0
    expect(accepted(c(), correct(2))).toBe(false); // 15 + 1
  });

  it("refuses a velocity delta that leaves the field's range beside the largest code", () => {
    const Speed = defineComponent("Speed", { v: quantizedFloat({ min: 0, max: 7, step: 1 }) });
    const schema = defineNetworkSchema([Speed], { maxEntities: 16 });
    const at5 = () => {
      const c = client(schema);
      // FULL tick 1: id 0 with v = 5 (3 bits).
      expect(
        accepted(c, bytes([0b00, 2], [1, 32], ["eg", 1, 0], [0, 5], ["eg", 0, 0], [5, 3])),
      ).toBe(true);
      return c;
    };
    // DELTA tick 2: 1 change, orders none, rank 0, Speed changed, v changed, mode 0 (delta),
    // SEG0 delta (zigzag), then no removals, no upserts.
    const delta = (zigzag: number) =>
      bytes(
        [0b01, 2],
        [2, 16],
        ["eg", 1, 0],
        [0, 1],
        ["eg", 0, 0],
        [1, 1],
        [1, 1],
        [0, 1],
        ["eg", zigzag, 0],
        ["eg", 0, 0],
        ["eg", 0, 0],
      );
    expect(accepted(at5(), delta(4))).toBe(true); // 5 + 2 = 7
    expect(accepted(at5(), delta(6))).toBe(false); // 5 + 3 = 8
    expect(accepted(at5(), delta(9))).toBe(true); // 5 − 5 = 0
    expect(accepted(at5(), delta(11))).toBe(false); // 5 − 6 = −1
  });

  it("refuses a heading residual off the angle's circle beside the last one on it", () => {
    const Heading = defineComponent("Heading", {
      vel: vec2({ min: -1, max: 1, step: 1, zeroFlag: false }),
      a: angle({ bits: 2, heading: "vel" }),
    });
    const schema = defineNetworkSchema([Heading], { maxEntities: 16 });
    // FULL tick 1: id 0, vel codes (2, 1) = (1, 0), heading code 0, then a's residual SEG0.
    const full = (zigzag: number) =>
      bytes(
        [0b00, 2],
        [1, 32],
        ["eg", 1, 0],
        [0, 5],
        ["eg", 0, 0],
        [2, 2],
        [1, 2],
        ["eg", zigzag, 0],
      );
    const c = client(schema);
    expect(accepted(c, full(3))).toBe(true); // residual −2: code 2 (π)
    expect(c.world.store(Heading).a[c.entityOf(0)]).toBeCloseTo(-Math.PI);
    expect(accepted(client(schema), full(4))).toBe(false); // residual 2 is not on a 4-code circle
  });

  it("refuses more spawns than the mirror world can hold", () => {
    expect(
      accepted(
        client(tagSchema, 2),
        full(1, [
          [0, 0],
          [1, 0],
        ]),
      ),
    ).toBe(true);
    expect(
      accepted(
        client(tagSchema, 2),
        full(1, [
          [0, 0],
          [1, 0],
          [2, 0],
        ]),
      ),
    ).toBe(false);
  });

  it("leaves the mirror untouched when it refuses an update", () => {
    const c = holding();
    // A valid change of rank 0 to team 0, then a stray upsert list refused at its end.
    const bad = bytes(
      [0b01, 2],
      [8, 16],
      ["eg", 1, 0],
      ["eg", 0, 1],
      [1, 1],
      [1, 1],
      [0, 3],
      ["eg", 0, 0],
      ["eg", 1, 0],
      [0, 5],
      ["eg", 16, 0],
      [0, 3],
    );
    expect(accepted(c, bad)).toBe(false);
    expect([c.tick, Array.from(c.networkIds()), c.world.store(Tag).team[c.entityOf(2)]]).toEqual([
      7,
      [2, 5],
      1,
    ]);
  });
});

describe("mirror world", () => {
  it("must not delay id reuse", () => {
    expect(() => new ReplicationClient(new World({ capacity: 16 }), tagSchema)).toThrow(
      /idReuseDelayTicks: 0/,
    );
  });
});

// A richer schema for fuzzing.
const Body = defineComponent("Body", {
  vel: vec2({ min: -32, max: 32, step: 1 / 8 }),
  pos: vec2({ min: 0, max: 100, step: 1 / 16, predict: { rate: "vel", maxAgeTicks: 9 } }),
  hp: uint8(),
});
const fuzzSchema = defineNetworkSchema([Body, Tag], { maxEntities: 32, tickSeconds: 1 / 10 });

/** Everything a mirror holds, for equality checks. */
function dump(c: ReplicationClient): unknown[] {
  const b = c.world.store(Body);
  const t = c.world.store(Tag);
  return [
    c.tick,
    ...Array.from(c.networkIds()).map((id) => {
      const e = c.entityOf(id);
      return [
        id,
        c.world.has(e, Body),
        c.world.has(e, Tag),
        b.pos.x[e],
        b.pos.y[e],
        b.vel.x[e],
        b.hp[e],
        t.team[e],
      ];
    }),
  ];
}

/** A short valid stream from a seeded server, and two clients fed with all but the last update. */
function stream(seed: number) {
  const world = new World({ capacity: 32 });
  const server = new ReplicationServer(world, fuzzSchema);
  const session = server.connect();
  const updates: Uint8Array[] = [];
  let s = seed;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  for (let tick = 0; tick < 6; tick++) {
    if (rnd() < 0.7 || tick === 0) {
      const e = world.spawn();
      if (rnd() < 0.8)
        world.add(e, Body, {
          pos: { x: rnd() * 100, y: rnd() * 100 },
          vel: { x: rnd() * 8, y: 0 },
          hp: 9,
        });
      if (rnd() < 0.5) world.add(e, Tag, { team: 2 });
      if (!world.has(e, Body) && !world.has(e, Tag)) world.add(e, Tag);
    }
    if (rnd() < 0.3) world.despawn(0);
    const body = world.store(Body);
    world.alive.forEach((e) => {
      body.pos.x[e] = Math.min(100, body.pos.x[e]! + body.vel.x[e]! / 10);
      if (rnd() < 0.2) body.hp[e] = Math.floor(rnd() * 256);
    });
    server.commit();
    updates.push(server.writeUpdate(session, null).slice());
  }
  const feed = () => {
    const c = client(fuzzSchema, 32);
    for (const u of updates.slice(0, -1)) expect(accepted(c, u)).toBe(true);
    return c;
  };
  return { last: updates[updates.length - 1]!, a: feed(), b: feed() };
}

describe("hostile bytes", () => {
  it("random bytes never throw, and a refusal leaves the mirror as it was", () => {
    fc.assert(
      fc.property(fc.nat(), fc.uint8Array({ maxLength: 64 }), (seed, noise) => {
        const { a } = stream(seed);
        const before = dump(a);
        const result = a.apply(noise);
        if (!result.ok) expect(dump(a)).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it("a flipped bit is refused or decodes to in-range values, never throws, never half-applies", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (seed, bit) => {
        const { last, a, b } = stream(seed);
        expect(accepted(a, last)).toBe(true);
        const flipped = last.slice();
        const at = bit % (flipped.length * 8);
        flipped[at >> 3] = flipped[at >> 3]! ^ (1 << (at & 7));
        const before = dump(b);
        const result = b.apply(flipped);
        if (!result.ok) {
          expect(dump(b)).toEqual(before);
          return;
        }
        const body = b.world.store(Body);
        for (const id of b.networkIds()) {
          const e = b.entityOf(id);
          expect(id).toBeLessThan(32);
          if (!b.world.has(e, Body)) continue;
          expect(body.pos.x[e]).toBeGreaterThanOrEqual(0);
          expect(body.pos.x[e]).toBeLessThanOrEqual(100);
          expect(Number.isInteger(body.hp[e])).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("most random inputs are refused outright", () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 32 }), (noise) => {
        if (!client(fuzzSchema, 32).apply(noise).ok) refused++;
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(refused).toBeGreaterThan(150);
  });
});
