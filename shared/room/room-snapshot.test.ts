import { describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  ARENA_SCHEMA,
  type ArenaInput,
  arenaGame,
  listShips,
  Ship,
  shipOf,
} from "../../games/arena/index.js";
import { ByteWriter } from "../codec/byte-writer.js";
import type { GameDefinition } from "../game/game-definition.js";
import {
  decodeServerMessage,
  encodeHello,
  encodeInputHeader,
  NO_TICK_ACK,
  PROTOCOL_VERSION,
  type ServerMessage,
} from "../protocol/index.js";
import { ReplicationClient } from "../replication/replication-client.js";
import { defineLocalComponent } from "../schema/local-component.js";
import { World } from "../world/world.js";
import { RoomCore } from "./room-core.js";
import type { RoomOptions } from "./room-options.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";
import { dumpWorld, type RoomSnapshot, restoreWorld } from "./room-snapshot.js";

/** Server-only state: never replicated, but a restored room must have it back. */
const Score = defineLocalComponent("Score", () => ({ points: 0 }));

const scoredGame: GameDefinition<ArenaInput> = {
  ...arenaGame,
  localComponents: [Score],
  addPlayer(world, playerId, name, seat) {
    arenaGame.addPlayer(world, playerId, name, seat);
    world.add(shipOf(world, playerId), Score, { points: playerId * 10 });
  },
};

class Host implements RoomSink {
  readonly frames = new Map<ConnectionId, ServerMessage[]>();
  readonly mirrors = new Map<ConnectionId, ReplicationClient>();
  now = 1_000;
  room: RoomCore<ArenaInput>;

  constructor(options: RoomOptions, snapshot?: RoomSnapshot) {
    this.room = new RoomCore(
      scoredGame,
      "snap-room",
      this,
      options,
      snapshot && { snapshot, now: this.now },
    );
  }

  send(conn: ConnectionId, bytes: Uint8Array): void {
    const decoded = decodeServerMessage(bytes.slice());
    if (!decoded.ok) throw new Error(decoded.error);
    const msg = decoded.value;
    this.frames.set(conn, [...(this.frames.get(conn) ?? []), msg]);
    if (msg.type === "welcome") {
      const world = new World({ capacity: ARENA_SCHEMA.maxEntities, idReuseDelayTicks: 0 });
      this.mirrors.set(conn, new ReplicationClient(world, ARENA_SCHEMA));
    }
    if (msg.type === "snapshot") {
      const applied = this.mirrors.get(conn)!.apply(msg.update);
      if (!applied.ok) throw new Error(applied.error);
    }
  }

  close(): void {}
  setTicking(): void {}

  join(conn: ConnectionId, resume = ""): void {
    this.room.open(conn, this.now);
    const w = new ByteWriter();
    encodeHello(w, {
      game: "arena",
      schema: ARENA_SCHEMA.fingerprint,
      name: conn,
      token: "",
      resume,
    });
    this.room.receive(conn, w.toBytes(), this.now);
  }

  /** A HELLO decoded and verified as `accountId`'s, as a host with admission hands it over. */
  joinAs(conn: ConnectionId, accountId: string, resume = ""): void {
    this.room.open(conn, this.now);
    const hello = {
      type: "hello",
      version: PROTOCOL_VERSION,
      role: "player",
      game: "arena",
      schema: ARENA_SCHEMA.fingerprint,
      name: conn,
      token: "",
      resume,
    } as const;
    this.room.hello(conn, hello, { accountId, team: undefined }, this.now);
  }

  advance(ticks: number): void {
    for (let i = 0; i < ticks; i++) {
      this.now += this.room.tickIntervalMs;
      this.room.update(this.now);
    }
  }

  welcome(conn: ConnectionId) {
    return this.frames.get(conn)!.find((m) => m.type === "welcome")!;
  }
}

describe("world dumps", () => {
  it("bring back the same entity ids, schema values and server-only values", () => {
    const world = new World({ capacity: 64, idReuseDelayTicks: 8 });
    for (let i = 0; i < 6; i++) world.spawn();
    world.despawn(1);
    world.despawn(4);
    world.flushEvents();
    world.add(3, Ship, { owner: 7, pos: { x: 12.5, y: 3 }, vel: { x: -1, y: 2 }, heading: 1 });
    world.add(5, Score, { points: 42 });
    const dump = structuredClone(dumpWorld(world));

    const back = new World({ capacity: 64, idReuseDelayTicks: 8 });
    restoreWorld(back, dump, [Ship, Score]);
    back.flushEvents();
    expect([0, 1, 2, 3, 4, 5].map((e) => back.isAlive(e))).toEqual([
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
    expect(listShips(back)).toEqual(listShips(world));
    expect(back.get(5, Score)).toEqual({ points: 42 });
    expect(back.has(3, Score)).toBe(false);
    expect(() => restoreWorld(new World({ capacity: 64 }), dump, [Ship])).toThrow('"Score"');
  });
});

describe("RoomCore restored from a snapshot", () => {
  it("continues the tick, keeps every ship, and resumes its players by token", () => {
    const before = new Host({ reconnectGraceMs: 2_000 });
    before.join("a");
    before.join("b");
    const w = new ByteWriter();
    encodeInputHeader(w, NO_TICK_ACK, 0, 3);
    for (let i = 0; i < 3; i++) w.u8(ARENA_BUTTON.THRUST);
    before.room.receive("a", w.toBytes(), before.now);
    before.advance(10);
    const snap = structuredClone(before.room.snapshot(before.now));
    expect(snap.tick).toBe(9);
    const ships = listShips(before.room.world);

    const after = new Host({ reconnectGraceMs: 2_000 }, snap);
    expect(after.room.tick).toBe(9);
    expect(listShips(after.room.world)).toEqual(ships);
    expect(after.room.world.get(0, Score)).toEqual({ points: 10 });
    expect(after.room.players().map((p) => [p.playerId, p.connected])).toEqual([
      [1, false],
      [2, false],
    ]);

    after.join("a2", tokenOf(before, "a"));
    expect(after.welcome("a2")).toMatchObject({ playerId: 1, resumed: true });
    after.advance(1);
    expect(after.room.tick).toBe(10);
    expect(after.mirrors.get("a2")!.tick).toBe(10);
    // b's ship is in the world, but the arena hides it while b is away (arena-interest.ts).
    expect(listShips(after.mirrors.get("a2")!.world).map((s) => s.owner)).toEqual([1]);

    // b never comes back: removed after the grace period, and a hears it.
    after.advance(61);
    expect(after.room.players().map((p) => p.playerId)).toEqual([1]);
    expect(after.frames.get("a2")!.some((m) => m.type === "player-left" && m.playerId === 2)).toBe(
      true,
    );
    expect(listShips(after.room.world).map((s) => s.owner)).toEqual([1]);
    // A new player gets a fresh id after the restored ones.
    after.join("c");
    expect(after.welcome("c")).toMatchObject({ playerId: 3, resumed: false });
  });
});

describe("who may resume a restored player", () => {
  it("is kept in the snapshot: only the account the player joined as gets it back", () => {
    const before = new Host({ reconnectGraceMs: 2_000 });
    before.joinAs("a", "acct-ada");
    before.advance(1);
    const snap = structuredClone(before.room.snapshot(before.now));
    expect(snap.players.map((p) => p.accountId)).toEqual(["acct-ada"]);
    const token = tokenOf(before, "a");

    const after = new Host({ reconnectGraceMs: 2_000 }, snap);
    after.joinAs("e", "acct-eve", token);
    expect(after.welcome("e")).toMatchObject({ playerId: 2, resumed: false });
    after.joinAs("a2", "acct-ada", token);
    expect(after.welcome("a2")).toMatchObject({ playerId: 1, resumed: true });
  });
});

describe("a player's own view radius", () => {
  it("survives the snapshot; players without one keep following the room's default", () => {
    const before = new Host({});
    before.join("a");
    before.join("b");
    before.room.interest!.setRadius(1, 300);
    before.advance(1);
    const snap = structuredClone(before.room.snapshot(before.now));
    expect(snap.players.map((p) => p.viewRadius)).toEqual([300, undefined]);
    const after = new Host({}, snap);
    expect(after.room.interest!.ownRadius(1)).toBe(300);
    expect(after.room.interest!.ownRadius(2)).toBeUndefined();
    expect(after.room.interest!.radiusOf(2)).toBe(after.room.interest!.defaultRadius);
  });
});

function tokenOf(host: Host, conn: ConnectionId): string {
  const w = host.welcome(conn);
  return w.type === "welcome" ? w.resumeToken : "";
}
