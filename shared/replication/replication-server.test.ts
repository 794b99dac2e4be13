import { describe, expect, it } from "vitest";
import { boundedInt, defineComponent, defineNetworkSchema, uint8, vec2 } from "../schema/index.js";
import { EntitySet, World } from "../world/index.js";
import { ReplicationClient, ReplicationServer, resolveReplicationServerOptions } from "./index.js";

const Slow = defineComponent(
  "Slow",
  { hp: uint8() },
  { sync: { frequency: { everyTicks: 3 }, priority: 2 } },
);
const Lazy = defineComponent(
  "Lazy",
  { team: boundedInt({ min: 0, max: 3 }) },
  { sync: { frequency: "change" } },
);
const Mover = defineComponent("Mover", {
  vel: vec2({ min: -16, max: 16, step: 1 / 64 }),
  pos: vec2({ min: 0, max: 1000, step: 1 / 64, predict: { rate: "vel", maxAgeTicks: 31 } }),
});
const schema = defineNetworkSchema([Slow, Lazy, Mover], { tickSeconds: 1 / 10, maxEntities: 64 });

function pair(options = {}) {
  const world = new World({ capacity: 64 });
  const server = new ReplicationServer(world, schema, options);
  const session = server.connect();
  const client = new ReplicationClient(new World({ capacity: 64, idReuseDelayTicks: 0 }), schema);
  const tick = (visible: EntitySet | null = null) => {
    server.commit();
    const bytes = server.writeUpdate(session, visible);
    const r = client.apply(bytes, (options as { reserveBytes?: number }).reserveBytes ?? 0);
    if (!r.ok) throw new Error(r.error);
    return { bytes, summary: r.value };
  };
  return { world, server, session, client, tick };
}

describe("ReplicationServer", () => {
  it("compares an everyTicks component only on its staggered ticks", () => {
    const { world, client, tick } = pair();
    const e = world.spawn();
    world.add(e, Slow, { hp: 1 });
    tick(); // tick 0: spawned
    const seen: number[] = [];
    for (let t = 1; t <= 6; t++) {
      world.store(Slow).hp[e] = 10 + t;
      tick();
      seen.push(client.world.store(Slow).hp[client.entityOf(e)]!);
    }
    // Sampled when (tick + id) % 3 === 0: ticks 3 and 6 for id 0.
    expect(seen).toEqual([1, 1, 13, 13, 13, 16]);
  });

  it("compares a change-driven component only after markChanged", () => {
    const { world, client, tick } = pair();
    const e = world.spawn();
    world.add(e, Lazy, { team: 1 });
    tick();
    world.store(Lazy).team[e] = 2;
    tick();
    expect(client.world.store(Lazy).team[client.entityOf(e)]).toBe(1);
    world.markChanged(e, Lazy);
    tick();
    expect(client.world.store(Lazy).team[client.entityOf(e)]).toBe(2);
  });

  it("spends nothing on an unchanged world beyond the header", () => {
    const { world, tick } = pair();
    for (let i = 0; i < 20; i++) world.add(world.spawn(), Slow);
    tick();
    // 2 kind + 16 tick + three 1-bit empty counts = 21 bits.
    expect(tick().bytes.length).toBe(3);
  });

  it("predicts a steady mover for free and corrects it within tolerance", () => {
    const { world, client, tick } = pair();
    const e = world.spawn();
    world.add(e, Mover, { vel: { x: 3.3, y: -1.7 }, pos: { x: 500, y: 500 } });
    tick();
    const m = world.store(Mover);
    const cm = client.world.store(Mover);
    let changed = 0;
    for (let t = 0; t < 200; t++) {
      m.pos.x[e] = m.pos.x[e]! + m.vel.x[e]! / 10;
      m.pos.y[e] = m.pos.y[e]! + m.vel.y[e]! / 10;
      changed += tick().summary.changed;
      const ce = client.entityOf(e);
      expect(Math.abs(cm.pos.x[ce]! - m.pos.x[e]!)).toBeLessThanOrEqual(1 / 64);
      expect(Math.abs(cm.pos.y[ce]! - m.pos.y[e]!)).toBeLessThanOrEqual(1 / 64);
    }
    // Re-anchored at least every 31 ticks (maxAgeTicks), and rarely more often.
    expect(changed).toBeGreaterThanOrEqual(6);
    expect(changed).toBeLessThanOrEqual(20);
  });

  it("sends structural changes: a component added and removed on a live entity", () => {
    const { world, client, tick } = pair();
    const e = world.spawn();
    world.add(e, Slow, { hp: 5 });
    tick();
    world.add(e, Lazy, { team: 3 });
    tick();
    const ce = client.entityOf(e);
    expect(client.world.store(Lazy).team[ce]).toBe(3);
    world.remove(e, Slow);
    tick();
    expect([client.world.has(ce, Slow), client.world.has(ce, Lazy)]).toEqual([false, true]);
    world.remove(e, Lazy);
    expect(tick().summary.despawned).toBe(1);
    expect(client.size).toBe(0);
  });

  it("gives each client only its visible set and reports lifecycle events on the client", () => {
    const { world, client, tick } = pair();
    const ids = Array.from({ length: 5 }, () => {
      const e = world.spawn();
      world.add(e, Slow, { hp: e });
      return e;
    });
    const spawned: number[] = [];
    const despawned: number[] = [];
    client.world.on("spawn", (e) => spawned.push(client.networkIdOf(e)));
    client.world.on("despawn", (e) => despawned.push(client.networkIdOf(e)));
    const view = new EntitySet(64);
    view.add(ids[1]!);
    view.add(ids[3]!);
    tick(view);
    expect(Array.from(client.networkIds())).toEqual([1, 3]);
    view.delete(1);
    view.add(4);
    world.despawn(3);
    tick(view);
    expect(Array.from(client.networkIds())).toEqual([4]);
    expect(spawned).toEqual([1, 3, 4]);
    expect(despawned.sort()).toEqual([1, 3]);
  });

  it("leaves reserveBytes zero bytes in front of every update", () => {
    const { world, tick } = pair({ reserveBytes: 1 });
    world.add(world.spawn(), Slow);
    const { bytes } = tick();
    expect(bytes[0]).toBe(0);
  });

  it("reports per-component raw and sent bytes", () => {
    const { world, server, tick } = pair();
    for (let i = 0; i < 10; i++) world.add(world.spawn(), Slow, { hp: i });
    tick();
    tick();
    const report = server.compressionReport();
    expect(report.updates).toBe(2);
    expect(report.components.map((c) => c.name)).toEqual(["Slow", "Lazy", "Mover"]);
    const slow = report.components[0]!;
    expect(slow.rawBytes).toBe(20); // 10 entities × 1 byte × 2 updates
    expect(slow.sentBytes).toBe(10); // 8 bits each in the full state, nothing in the delta
    expect(report.totalBytes).toBeGreaterThan(slow.sentBytes);
    server.resetCompressionReport();
    expect(server.compressionReport().updates).toBe(0);
  });

  it("counts an update handed to a second client in the same position like a written one", () => {
    const { world, server, tick } = pair();
    const second = server.connect();
    for (let i = 0; i < 10; i++) world.add(world.spawn(), Slow, { hp: i });
    for (let i = 0; i < 4; i++) world.add(world.spawn(), Lazy, { team: 1 });
    tick();
    server.writeUpdate(second, null);
    world.store(Slow).hp[0] = 99;
    const { bytes } = tick();
    // The same tick and position: the second client gets the very bytes the first did.
    expect(server.writeUpdate(second, null)).toBe(bytes);
    const report = server.compressionReport();
    expect(report.updates).toBe(4);
    // 10 Slow × 1 byte and 4 Lazy × 1 byte (2 bits, a byte raw) per update, over 4 updates.
    expect(report.components[0]!.rawBytes).toBe(40);
    expect(report.components[1]!.rawBytes).toBe(16);
  });

  it("refuses misuse: an update before the first commit or twice in a tick", () => {
    const { server, session } = pair();
    expect(() => server.writeUpdate(session, null)).toThrow(/before the first commit/);
    server.commit();
    server.writeUpdate(session, null);
    expect(() => server.writeUpdate(session, null)).toThrow(/already sent/);
  });

  it("validates its options and its world", () => {
    expect(() => resolveReplicationServerOptions({ baselineRing: 0 })).toThrow(/baselineRing/);
    expect(() => resolveReplicationServerOptions({ reserveBytes: -1 })).toThrow(/reserveBytes/);
    expect(
      () => new ReplicationServer(new World({ capacity: 64, idReuseDelayTicks: 4 }), schema),
    ).toThrow(/idReuseDelayTicks/);
    expect(() => new ReplicationServer(new World({ capacity: 128 }), schema)).toThrow(
      /maxEntities/,
    );
  });
});
