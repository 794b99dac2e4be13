import { describe, expect, it } from "vitest";
import { defineComponent } from "../schema/component.js";
import { uint8 } from "../schema/int-field.js";
import { vec2 } from "../schema/linear-field.js";
import { defineLocalComponent } from "../schema/local-component.js";
import { boundedString } from "../schema/string-field.js";
import { EntitySet, popcount, World } from "./index.js";

const Body = defineComponent("Body", { pos: vec2({ min: -10, max: 10, step: 0.5 }), hp: uint8() });
const Name = defineComponent("Name", { name: boundedString({ maxBytes: 8 }) });
const Memo = defineLocalComponent("Memo", () => ({ notes: [] as string[] }));

describe("World", () => {
  it("stores component values as typed arrays indexed by entity", () => {
    const world = new World({ capacity: 8 });
    const e = world.spawn();
    world.add(e, Body, { pos: { x: 1.5, y: -2 }, hp: 7 });
    world.add(e, Name, { name: "ada" });
    const body = world.store(Body);
    expect([body.pos.x[e], body.pos.y[e], body.hp[e]]).toEqual([1.5, -2, 7]);
    expect(world.store(Name).name[e]).toBe("ada");
    world.set(e, Body, { hp: 9 });
    expect(body.hp[e]).toBe(9);
    expect(world.dirtySet(Body).has(e)).toBe(true);
  });

  it("queries the entities having every listed component, in id order", () => {
    const world = new World({ capacity: 70 });
    const ids = Array.from({ length: 70 }, () => world.spawn());
    for (const e of ids) if (e % 3 === 0) world.add(e, Body);
    for (const e of ids) if (e % 2 === 0) world.add(e, Memo);
    const q = world.query([Body, Memo]);
    expect(q.collect()).toBe(12);
    expect(Array.from(q.entities.subarray(0, q.count))).toEqual(ids.filter((e) => e % 6 === 0));
    world.remove(6, Memo);
    world.despawn(12);
    q.collect();
    expect(Array.from(q.entities.subarray(0, q.count)).slice(0, 3)).toEqual([0, 18, 24]);
  });

  it("delivers spawn events after the entity is populated and despawn events while it is readable", () => {
    const world = new World({ capacity: 4 });
    const seen: string[] = [];
    world.on("spawn", (e) => seen.push(`spawn ${e} hp ${world.store(Body).hp[e]}`));
    const off = world.on("despawn", (e) => seen.push(`despawn ${e} hp ${world.store(Body).hp[e]}`));
    const e = world.spawn();
    world.add(e, Body, { hp: 3 });
    expect(seen).toEqual([]);
    world.flushEvents();
    world.despawn(e);
    expect(world.isAlive(e)).toBe(false);
    world.flushEvents();
    expect(seen).toEqual(["spawn 0 hp 3", "despawn 0 hp 3"]);
    off();
    world.despawn(world.spawn());
    world.flushEvents();
    expect(seen).toHaveLength(4 - 1);
  });

  it("delivers any number of queued events in order, not to a listener that left meanwhile", () => {
    const world = new World({ capacity: 300, idReuseDelayTicks: 0 });
    const seen: number[] = [];
    const late: number[] = [];
    let offLate = () => {};
    world.on("spawn", (e) => {
      seen.push(e);
      if (e === 1) offLate();
    });
    offLate = world.on("spawn", (e) => late.push(e));
    for (let i = 0; i < 200; i++) world.spawn();
    for (let e = 0; e < 200; e += 2) world.despawn(e);
    world.flushEvents();
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(late).toEqual([0]);
    expect(world.alive.count()).toBe(100);
    expect(world.spawnable(300)).toBe(200);
  });

  it("marks entities reshaped by spawn, despawn, add and remove, not by value writes", () => {
    const world = new World({ capacity: 8 });
    const [a, b, c] = [world.spawn(), world.spawn(), world.spawn()];
    world.add(a, Body);
    world.flushEvents();
    world.reshaped.clear();
    world.set(a, Body, { hp: 3 });
    world.store(Body).hp[a] = 4;
    world.markChanged(a, Body);
    expect(world.reshaped.count()).toBe(0);
    world.add(b, Body);
    world.remove(a, Body);
    world.despawn(c);
    const d = world.spawn();
    const marked: number[] = [];
    world.reshaped.forEach((e) => {
      marked.push(e);
    });
    expect(marked).toEqual([a, b, c, d].sort((x, y) => x - y));
  });

  it("holds a despawned id back for idReuseDelayTicks before reusing it", () => {
    const world = new World({ capacity: 2, idReuseDelayTicks: 3 });
    const a = world.spawn();
    world.spawn();
    world.despawn(a);
    world.flushEvents();
    expect(world.spawnable(5)).toBe(0);
    expect(() => world.spawn()).toThrow(/world is full/);
    world.tick = 3;
    expect(world.spawnable(5)).toBe(1);
    expect(world.spawn()).toBe(a);
    expect(world.has(a, Body)).toBe(false);
  });

  it("keeps local components as objects and clears them on despawn", () => {
    const world = new World({ capacity: 2, idReuseDelayTicks: 0 });
    const e = world.spawn();
    world.add(e, Memo);
    world.get(e, Memo).notes.push("x");
    expect(world.get(e, Memo).notes).toEqual(["x"]);
    world.despawn(e);
    world.flushEvents();
    expect(world.get(e, Memo)).toBeUndefined();
  });

  it("validates its options naming the field", () => {
    expect(() => new World({ capacity: 0 })).toThrow(/world\.capacity/);
    expect(() => new World({ idReuseDelayTicks: -1 })).toThrow(/world\.idReuseDelayTicks/);
    const tiny = new World({ maxComponents: 1 });
    tiny.componentIndex(Body);
    expect(() => tiny.componentIndex(Name)).toThrow(/maxComponents/);
  });
});

describe("EntitySet", () => {
  it("tracks membership, counts and iterates in ascending order", () => {
    const set = new EntitySet(100);
    for (const id of [99, 0, 31, 32, 64, 5, -1, 100]) set.add(id);
    expect(set.count()).toBe(6);
    const seen: number[] = [];
    set.forEach((id) => {
      seen.push(id);
    });
    expect(seen).toEqual([0, 5, 31, 32, 64, 99]);
    set.delete(31);
    expect([set.has(31), set.has(32), set.has(-1)]).toEqual([false, true, false]);
    expect(popcount(0xffffffff)).toBe(32);
  });
});
