// Byte budgets through the whole pipeline: a server world, the writer choosing per client,
// and a real client mirror applying the bytes. Properties: the state never overdraws the
// budget; every entity reaches the client within the starvation bound and the mirror
// converges; higher priority is never updated less often than lower at equal cost; declared
// component frequencies are met and never exceeded.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random/mulberry32.js";
import {
  bool,
  type ComponentDef,
  defineComponent,
  defineNetworkSchema,
  uint16,
  vec2,
} from "../schema/index.js";
import { World } from "../world/index.js";
import { ReplicationClient, ReplicationServer, starvationBound } from "./index.js";

const Body = defineComponent("Body", {
  pos: vec2({ min: 0, max: 1024, step: 1 / 32 }),
  seq: uint16(),
});
/** Tags of equal size that only set an entity's base priority. */
const Vip = defineComponent("Vip", { on: bool() }, { sync: { priority: 4 } });
const Common = defineComponent("Common", { on: bool() }, { sync: { priority: 1 } });
/** Sampled every 4 ticks (staggered by id). */
const Slow = defineComponent(
  "Slow",
  { value: uint16() },
  { sync: { frequency: { everyTicks: 4 } } },
);
const schema = defineNetworkSchema([Body, Vip, Common, Slow], {
  tickSeconds: 1 / 30,
  maxEntities: 128,
});

/** A server, one budgeted client and its mirror. */
function setup(bytesPerSecond: number, burstBytes: number) {
  const world = new World({ capacity: 128 });
  const server = new ReplicationServer(world, schema);
  const session = server.connect();
  server.setBudget(session, { bytesPerSecond, tickRate: 30, burstBytes });
  const client = new ReplicationClient(new World({ capacity: 128, idReuseDelayTicks: 0 }), schema);
  return { world, server, session, client };
}

/** The mirror's value of `field` of `def` for server entity `id` (undefined: not held). */
function mirrored(client: ReplicationClient, def: ComponentDef, field: string, id: number) {
  const e = client.entityOf(id);
  if (e < 0 || !client.world.has(e, def)) return undefined;
  return (client.world.store(def) as unknown as Record<string, ArrayLike<number>>)[field]![e];
}

function mirroredPos(client: ReplicationClient, id: number): [number, number] | undefined {
  const e = client.entityOf(id);
  if (e < 0) return undefined;
  const s = client.world.store(Body);
  return [s.pos.x[e]!, s.pos.y[e]!];
}

describe("byte budgets through the replication pipeline", () => {
  it("never overdraw the budget, starve no entity past the bound, and converge", () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 1, max: 40 }),
          perTick: fc.integer({ min: 24, max: 300 }),
          burstTicks: fc.integer({ min: 1, max: 4 }),
          changeRate: fc.double({ min: 0.1, max: 1, noNaN: true }),
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          ticks: fc.integer({ min: 20, max: 150 }),
        }),
        ({ n, perTick, burstTicks, changeRate, seed, ticks }) => {
          const random = mulberry32(seed);
          const burst = Math.max(perTick * burstTicks, 32);
          const { world, server, session, client } = setup(perTick * 30, burst);
          const ids: number[] = [];
          for (let i = 0; i < n; i++) {
            const e = world.spawn();
            world.add(e, Body, { pos: { x: i * 8, y: 0 }, seq: 0 });
            world.add(e, random() < 0.5 ? Vip : Common);
            ids.push(e);
          }
          // Costs: a full state ≤ 2 + 4·15 + 16 + 1 bits and its address ≤ 2 bytes; the fixed
          // part of an update (header, counts) takes ≤ 10 bytes of each tick's credits.
          const maxCost = 12;
          const bound = starvationBound(n - 1, maxCost, 1, 4, perTick - 10, burst);
          const lastFresh = new Map<number, number>();
          let credits = burst;
          const step = (t: number, changing: boolean) => {
            if (changing)
              for (const e of ids)
                if (random() < changeRate)
                  world.set(e, Body, {
                    pos: { x: Math.floor(random() * 32768) / 32, y: Math.floor(random() * 32) },
                    seq: t & 0xffff,
                  });
            server.commit();
            credits = Math.min(burst, credits + perTick);
            const bytes = server.writeUpdate(session, null);
            const applied = client.apply(bytes);
            if (!applied.ok) throw new Error(applied.error);
            const states = applied.value.changed + applied.value.spawned;
            // Past the credits only with no entity state at all (the fixed part), or one
            // entity alone from a full bucket.
            if (bytes.length > credits)
              expect(states <= 1 && (states === 0 || credits >= burst)).toBe(true);
            credits -= bytes.length;
            const body = world.store(Body);
            for (const e of ids) {
              const got = mirroredPos(client, e);
              if (got && got[0] === body.pos.x[e] && got[1] === body.pos.y[e]) lastFresh.set(e, t);
            }
          };
          for (let t = 0; t < ticks; t++) {
            step(t, true);
            for (const e of ids) expect(t - (lastFresh.get(e) ?? -1)).toBeLessThanOrEqual(bound);
          }
          // Quiet: within the bound every entity reaches the client exactly.
          for (let t = ticks; t < ticks + bound; t++) step(t, false);
          const body = world.store(Body);
          for (const e of ids) {
            expect(mirroredPos(client, e)).toEqual([body.pos.x[e], body.pos.y[e]]);
            expect(mirrored(client, Body, "seq", e)).toBe(body.seq[e]);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it("updates a higher-priority entity at least as often as a lower one of equal cost", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 20, max: 80 }),
        (pairs, perTick) => {
          const { world, server, session, client } = setup(perTick * 30, Math.max(perTick, 32));
          const vip: number[] = [];
          const common: number[] = [];
          for (let i = 0; i < pairs; i++) {
            for (const [tag, list] of [
              [Vip, vip],
              [Common, common],
            ] as const) {
              const e = world.spawn();
              world.add(e, Body, { pos: { x: i, y: 0 }, seq: 0 });
              world.add(e, tag);
              list.push(e);
            }
          }
          const sends = new Map<number, number>();
          const seen = new Map<number, number | undefined>();
          for (let t = 1; t <= 200; t++) {
            // Each pair moves identically, so its two entities always cost the same.
            for (let i = 0; i < pairs; i++)
              for (const e of [vip[i]!, common[i]!]) world.set(e, Body, { seq: t });
            server.commit();
            const applied = client.apply(server.writeUpdate(session, null));
            if (!applied.ok) throw new Error(applied.error);
            for (const e of [...vip, ...common]) {
              const seq = mirrored(client, Body, "seq", e);
              if (seq !== seen.get(e)) sends.set(e, (sends.get(e) ?? 0) + 1);
              seen.set(e, seq);
            }
          }
          const lowest = Math.min(...vip.map((e) => sends.get(e) ?? 0));
          const highest = Math.max(...common.map((e) => sends.get(e) ?? 0));
          expect(lowest).toBeGreaterThanOrEqual(highest - 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("meets declared component frequencies with room to spare and never exceeds them", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 24, max: 2000 }),
        fc.integer({ min: 1, max: 30 }),
        (perTick, n) => {
          const ample = perTick >= 1000;
          const { world, server, session, client } = setup(perTick * 30, Math.max(perTick, 32));
          const ids: number[] = [];
          for (let i = 0; i < n; i++) {
            const e = world.spawn();
            world.add(e, Body, { pos: { x: i, y: 0 }, seq: 0 });
            world.add(e, Slow, { value: 0 });
            ids.push(e);
          }
          const seen = new Map<number, number>();
          for (let i = 0; i < 120; i++) {
            // The server value (the tick number) changes every tick; the wire carries it when
            // sampled, every 4th tick per entity.
            for (const e of ids) world.set(e, Slow, { value: server.tick + 1 });
            const t = server.commit();
            const applied = client.apply(server.writeUpdate(session, null));
            if (!applied.ok) throw new Error(applied.error);
            for (const e of ids) {
              const v = mirrored(client, Slow, "value", e);
              if (v === undefined) continue;
              // Past the value at spawn (0), only sampled values reach the client, each newer
              // than the last by ≥ 4 ticks.
              if (v !== 0) expect((v + e) % 4).toBe(0);
              const before = seen.get(e);
              if (before !== undefined && before !== 0 && v !== before)
                expect(v - before).toBeGreaterThanOrEqual(4);
              seen.set(e, v);
              // With room to spare, the latest sample is always there.
              if (ample) expect(v).toBe(Math.max(0, t - ((t + e) % 4)));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
