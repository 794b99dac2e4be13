import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import type { GameDefinition } from "../game/game-definition.js";
import { decodeServerMessage, encodeHello } from "../protocol/index.js";
import { mulberry32 } from "../random/mulberry32.js";
import { ReplicationClient } from "../replication/replication-client.js";
import { defineComponent, defineNetworkSchema, uint8, vec2 } from "../schema/index.js";
import { EntitySet } from "../world/entity-set.js";
import { World } from "../world/world.js";
import { RelevancyRules } from "./relevancy-rules.js";
import { RoomCore } from "./room-core.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";

const SIZE = 1000;
const DOTS = 60;
const Dot = defineComponent("Dot", { pos: vec2({ min: 0, max: SIZE, step: 1 / 8 }), tag: uint8() });
const SCHEMA = defineNetworkSchema([Dot], { tickSeconds: 1 / 30, maxEntities: 128 });

/** One room's state of the dots game: the definition is shared by rooms, this is not. */
interface DotsRoom {
  readonly rules: RelevancyRules;
  readonly avatars: Map<number, number>;
  readonly placed: EntitySet;
}

/** Dots wander; each player owns an avatar dot and looks from it. */
function dotsGame(relevant?: (e: number) => boolean): {
  game: GameDefinition<null>;
  roomOf: (world: World) => DotsRoom;
} {
  const rooms = new WeakMap<World, DotsRoom>();
  const roomOf = (world: World): DotsRoom => {
    let room = rooms.get(world);
    if (room === undefined) {
      const rules = new RelevancyRules(world.capacity);
      room = { rules, avatars: new Map(), placed: new EntitySet(world.capacity) };
      rooms.set(world, room);
    }
    return room;
  };
  const random = mulberry32(7);
  const game: GameDefinition<null> = {
    name: "dots",
    input: { bytes: 0, encode() {}, decode: () => undefined },
    idleInput: null,
    schema: SCHEMA,
    setup(world) {
      for (let i = 0; i < DOTS; i++) {
        const e = world.spawn();
        world.add(e, Dot, { pos: { x: random() * SIZE, y: random() * SIZE }, tag: 0 });
        roomOf(world).placed.add(e);
      }
    },
    addPlayer(world, playerId) {
      const { avatars, placed, rules } = roomOf(world);
      const e = world.spawn();
      world.add(e, Dot, {
        pos: { x: (playerId * 211) % SIZE, y: (playerId * 337) % SIZE },
        tag: 1,
      });
      placed.add(e);
      avatars.set(playerId, e);
      rules.setOwner(e, playerId);
    },
    removePlayer(world, playerId) {
      const { avatars, placed, rules } = roomOf(world);
      const e = avatars.get(playerId)!;
      rules.forgetEntity(e);
      placed.delete(e);
      world.despawn(e);
      avatars.delete(playerId);
    },
    step(world) {
      const { x, y } = world.store(Dot).pos;
      // Big steps, so entities cross cells and radii often.
      for (let e = 0; e < DOTS; e++) {
        x[e] = Math.round(Math.min(SIZE, Math.max(0, x[e]! + (random() - 0.5) * 120)) * 8) / 8;
        y[e] = Math.round(Math.min(SIZE, Math.max(0, y[e]! + (random() - 0.5) * 120)) * 8) / 8;
      }
    },
    spatialInterest: (world) => {
      const { avatars, placed, rules } = roomOf(world);
      return {
        bounds: { width: SIZE, height: SIZE },
        radius: 250,
        positions: (w) => ({ ...w.store(Dot).pos, placed }),
        viewpoint(w, playerId, out) {
          const e = avatars.get(playerId);
          if (e === undefined) return false;
          out.x = w.store(Dot).pos.x[e]!;
          out.y = w.store(Dot).pos.y[e]!;
          return true;
        },
        rules,
        relevant: relevant && ((_world, _playerId, e) => relevant(e)),
      };
    },
  };
  return { game, roomOf };
}

/** A host that applies each connection's snapshots to its own mirror, as a client would. */
class MirrorHost implements RoomSink {
  readonly mirrors = new Map<ConnectionId, ReplicationClient>();
  /** Removals each client was told were out of view (REMOVAL_REASON.LEFT), in total. */
  readonly left = new Map<ConnectionId, number>();
  now = 1_000;
  room!: RoomCore<null>;
  send(conn: ConnectionId, bytes: Uint8Array): void {
    const decoded = decodeServerMessage(bytes.slice());
    if (!decoded.ok) throw new Error(decoded.error);
    if (decoded.value.type !== "snapshot") return;
    let mirror = this.mirrors.get(conn);
    if (!mirror) {
      mirror = new ReplicationClient(new World({ capacity: 128, idReuseDelayTicks: 0 }), SCHEMA);
      this.mirrors.set(conn, mirror);
    }
    const applied = mirror.apply(decoded.value.update);
    if (!applied.ok) throw new Error(applied.error);
    this.left.set(conn, (this.left.get(conn) ?? 0) + applied.value.left);
  }
  close(): void {}
  setTicking(): void {}
  join(conn: ConnectionId): void {
    this.room.open(conn, this.now);
    const w = new ByteWriter();
    encodeHello(w, { game: "dots", schema: SCHEMA.fingerprint, name: conn, token: "" });
    this.room.receive(conn, w.toBytes(), this.now);
  }
  step(): void {
    this.now += this.room.tickIntervalMs;
    this.room.update(this.now);
  }
  /** The ids `conn`'s client holds. */
  holds(conn: ConnectionId): number[] {
    return [...this.mirrors.get(conn)!.networkIds()].sort((a, b) => a - b);
  }
}

/** What a player should hold, by brute force over every entity. */
function expected(
  world: World,
  placed: EntitySet,
  from: number,
  radius: number,
  keep: (e: number) => boolean,
): number[] {
  const { x, y } = world.store(Dot).pos;
  const out: number[] = [];
  placed.forEach((e) => {
    const d2 = (x[e]! - x[from]!) ** 2 + (y[e]! - y[from]!) ** 2;
    if ((d2 <= radius * radius && keep(e)) || e === from) out.push(e);
  });
  return out;
}

describe("RoomCore spatial interest", () => {
  it("keeps each client holding exactly the entities within its radius as they move in and out", () => {
    const { game, roomOf } = dotsGame();
    const host = new MirrorHost();
    host.room = new RoomCore(game, "dots", host);
    const { avatars, placed } = roomOf(host.room.world);
    for (const c of ["a", "b", "c"]) host.join(c);
    let entered = 0;
    let left = 0;
    const before = new Map<string, number[]>();
    for (let t = 0; t < 60; t++) {
      host.step();
      for (const [conn, playerId] of [
        ["a", 1],
        ["b", 2],
        ["c", 3],
      ] as const) {
        const want = expected(host.room.world, placed, avatars.get(playerId)!, 250, () => true);
        const got = host.holds(conn);
        expect(got).toEqual(want);
        const prev = before.get(conn) ?? [];
        entered += got.filter((e) => !prev.includes(e)).length;
        left += prev.filter((e) => !got.includes(e)).length;
        before.set(conn, got);
        // Entered entities arrive with full state: the mirror's values equal the server's.
        const replica = host.mirrors.get(conn)!;
        const mirror = replica.world.store(Dot).pos;
        const server = host.room.world.store(Dot).pos;
        for (const e of got) {
          const local = replica.entityOf(e);
          expect([mirror.x[local], mirror.y[local]]).toEqual([server.x[e], server.y[e]]);
        }
      }
    }
    // The walk must actually exercise both directions.
    expect(entered).toBeGreaterThan(100);
    expect(left).toBeGreaterThan(50);
    // Nothing despawned on the server: every removal said "left the view".
    expect([...host.left.values()].reduce((a, b) => a + b)).toBe(left);
  });

  it("despawns a player's avatar on the clients that held it when the player leaves", () => {
    const { game, roomOf } = dotsGame();
    const host = new MirrorHost();
    host.room = new RoomCore(game, "dots", host);
    const { avatars } = roomOf(host.room.world);
    host.join("a");
    host.join("b");
    host.room.interest!.setDefaultRadius(5_000);
    host.step();
    const bAvatar = avatars.get(2)!;
    expect(host.holds("a")).toContain(bAvatar);
    host.room.disconnect("b", host.now, false);
    const leftBefore = host.left.get("a");
    host.step();
    expect(host.holds("a")).not.toContain(bAvatar);
    // Despawned on the server, not out of view.
    expect(host.left.get("a")).toBe(leftBefore);
    expect(host.room.interest!.grid.has(bAvatar)).toBe(false);
  });

  it("follows a radius changed at runtime, per player and per room", () => {
    const { game } = dotsGame();
    const host = new MirrorHost();
    host.room = new RoomCore(game, "dots", host);
    host.join("a");
    host.room.interest!.setRadius(1, 1e-3);
    host.step();
    // Only the own avatar (always relevant) is left; every dot is farther than 0.001.
    expect(host.holds("a")).toEqual([DOTS]);
    host.room.interest!.setRadius(1, null);
    host.room.interest!.setDefaultRadius(5_000);
    host.step();
    expect(host.holds("a")).toHaveLength(DOTS + 1);
  });

  it("adds always-relevant entities from anywhere and removes hidden, secret and refused ones", () => {
    // The game's predicate refuses dots 10..19 wherever they are.
    const { game } = dotsGame((e) => e < 10 || e >= 20);
    const host = new MirrorHost();
    host.room = new RoomCore(game, "dots", host);
    host.join("a");
    host.join("b");
    const rules = host.room.interest!.rules!;
    host.room.interest!.setDefaultRadius(1e-3);
    rules.setGlobal(0, true);
    rules.setPlayerTeam(1, 7);
    rules.setPlayerTeam(2, 7);
    rules.setSecret(1, 8);
    rules.setGlobal(1, true); // a secret of team 8 stays secret even when global
    rules.setHidden(2, true);
    rules.setGlobal(2, true);
    host.step();
    // Global dot 0, own avatar and teammate's avatar (ids 60, 61).
    expect(host.holds("a")).toEqual([0, 60, 61]);
    rules.setPlayerTeam(2, 8);
    host.room.interest!.setDefaultRadius(5_000);
    host.step();
    const a = host.holds("a");
    const b = host.holds("b");
    expect(a).not.toContain(1);
    expect(b).toContain(1);
    for (const holds of [a, b]) {
      expect(holds).not.toContain(2);
      for (let e = 10; e < 20; e++) expect(holds).not.toContain(e);
    }
  });

  it("builds relevancy state per room: two rooms of one game definition never share it", () => {
    const { game, roomOf } = dotsGame();
    const hosts = [new MirrorHost(), new MirrorHost()];
    for (const [i, host] of hosts.entries()) {
      host.room = new RoomCore(game, `dots-${i}`, host);
      host.join("a");
      host.room.interest!.setDefaultRadius(1e-3);
    }
    const [one, two] = hosts as [MirrorHost, MirrorHost];
    expect(one.room.interest!.rules).toBe(roomOf(one.room.world).rules);
    expect(one.room.interest!.rules).not.toBe(two.room.interest!.rules);
    // A flag set in one room: dot 0 is global there and nowhere else.
    one.room.interest!.rules!.setGlobal(0, true);
    one.step();
    two.step();
    // Each holds its own avatar (id 60); only room one adds its global dot.
    expect(one.holds("a")).toEqual([0, DOTS]);
    expect(two.holds("a")).toEqual([DOTS]);
  });
});
