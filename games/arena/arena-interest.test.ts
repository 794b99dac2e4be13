// The arena's interest through a RoomCore on a manual clock: the default radius covers the
// arena, setViewRadius zooms one player's view (clamped, rate-limited), its own ship always
// stays, and an away player's ship is hidden from the others until it resumes.

import { describe, expect, it } from "vitest";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { RPC_STATUS, RpcClient, type RpcIncoming } from "../../shared/rpc/index.js";
import { EntitySet } from "../../shared/world/entity-set.js";
import { World } from "../../shared/world/world.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { spawnPoint } from "./arena-game.js";
import { ARENA_BUTTON } from "./arena-input.js";
import { ARENA_VIEW_RADIUS, ArenaInterest, arenaInterestOf } from "./arena-interest.js";
import { ARENA_RPCS } from "./arena-rpc.js";
import { ARENA_HEIGHT, ARENA_SCHEMA, ARENA_WIDTH, Ship } from "./arena-state.js";

type Result = Extract<RpcIncoming<typeof ARENA_RPCS.declarations>, { type: "result" }>;

/** An arena room with players 1 (conn "a") and 2 (conn "b"), one tick in. */
function twoPlayers(options = {}): { host: TestRoomHost; call: (radius: number) => Result } {
  const host = new TestRoomHost(options);
  host.join("a");
  host.join("b");
  host.advance(1);
  const client = new RpcClient(ARENA_RPCS);
  const w = new ByteWriter();
  // a's setViewRadius; returns the RESULT it got.
  const call = (radius: number): Result => {
    w.reset();
    client.writeCall("setViewRadius", { radius }, w);
    host.receive("a", w.toBytes());
    const read = client.read(host.of("a", "rpc").at(-1)!.frame);
    if (!read.ok || read.value.type !== "result") throw new Error("no RESULT");
    return read.value;
  };
  return { host, call };
}

const owners = (host: TestRoomHost, conn: string) => host.ships(conn).map((s) => s.owner);

describe("arena interest", () => {
  it("covers the whole arena by default, so every player sees every ship", () => {
    expect(Math.hypot(ARENA_WIDTH, ARENA_HEIGHT)).toBeLessThan(ARENA_VIEW_RADIUS.DEFAULT);
    const { host } = twoPlayers();
    expect(host.room.interest!.defaultRadius).toBe(ARENA_VIEW_RADIUS.DEFAULT);
    expect(owners(host, "a")).toEqual([1, 2]);
    expect(owners(host, "b")).toEqual([1, 2]);
  });

  it("zooms one player's view: a far ship leaves, its own stays, and the far one comes back in full", () => {
    const { host, call } = twoPlayers();
    // Spawn points 1 and 2 are 372 units apart: farther than the smallest radius.
    const [p1, p2] = [spawnPoint(1), spawnPoint(2)];
    expect(Math.hypot(p1.x - p2.x, p1.y - p2.y)).toBeGreaterThan(ARENA_VIEW_RADIUS.MIN);
    expect(call(ARENA_VIEW_RADIUS.MIN)).toMatchObject({
      type: "result",
      status: RPC_STATUS.OK,
      value: { radius: ARENA_VIEW_RADIUS.MIN },
    });
    // b moves (reverse, away from the centre) while a cannot see it.
    host.input("b", 0, Array(10).fill(ARENA_BUTTON.REVERSE));
    host.advance(12);
    expect(owners(host, "a")).toEqual([1]);
    // Only a's view changed.
    expect(owners(host, "b")).toEqual([1, 2]);
    call(ARENA_VIEW_RADIUS.MAX);
    host.advance(1);
    // b's ship came back where b's own mirror has it now, not where a last saw it.
    expect(host.ships("a")).toEqual(host.ships("b"));
    expect(host.ships("a")[1]!.y).not.toBe(p2.y);
  });

  it("clamps the radius to ARENA_VIEW_RADIUS and answers the radius in force", () => {
    const { host, call } = twoPlayers();
    expect(call(0)).toMatchObject({ value: { radius: 100 } });
    expect(host.room.interest!.radiusOf(1)).toBe(100);
    expect(call(65_535)).toMatchObject({ value: { radius: 2000 } });
    expect(call(640)).toMatchObject({ value: { radius: 640 } });
    expect(host.room.interest!.radiusOf(1)).toBe(640);
    // b still sees with the room's default.
    expect(host.room.interest!.radiusOf(2)).toBe(ARENA_VIEW_RADIUS.DEFAULT);
  });

  it("rate-limits setViewRadius to a burst of 4, leaving the radius as the last call set it", () => {
    const { host, call } = twoPlayers();
    const statuses = [300, 400, 500, 600, 700].map((r) => call(r).status);
    const { OK, RATE_LIMITED } = RPC_STATUS;
    expect(statuses).toEqual([OK, OK, OK, OK, RATE_LIMITED]);
    expect(host.room.interest!.radiusOf(1)).toBe(600);
    expect(host.closes.size).toBe(0);
  });

  it("hides an away player's ship from the others, and shows it again when it resumes", () => {
    const { host } = twoPlayers({ reconnectGraceMs: 2_000 });
    const token = host.welcome("b").resumeToken;
    host.room.disconnect("b", host.now);
    host.advance(1);
    expect(owners(host, "a")).toEqual([1]);
    host.join("b2", "b", token);
    host.advance(1);
    expect(owners(host, "a")).toEqual([1, 2]);
    expect(host.ships("b2")).toEqual(host.ships("a"));
  });
});

describe("ArenaInterest", () => {
  const newWorld = () => new World({ capacity: ARENA_SCHEMA.maxEntities });

  it("keeps its state per room: each world gets its own", () => {
    const [one, two] = [new TestRoomHost(), new TestRoomHost()];
    const a = arenaInterestOf(one.room.world);
    expect(a).toBeInstanceOf(ArenaInterest);
    expect(a).not.toBe(arenaInterestOf(two.room.world));
    expect(one.room.interest!.rules).toBe(a!.rules);
    // A client's world is no room: the game's hooks find nothing and do nothing.
    expect(arenaInterestOf(newWorld())).toBeUndefined();
  });

  it("starts a restored world's ships away (their players come back disconnected)", () => {
    const world = newWorld();
    for (const owner of [1, 2]) world.add(world.spawn(), Ship, { owner });
    const state = new ArenaInterest(world);
    /** What the rules let player 1 hold, from nothing in range. */
    const holds = () => {
      const visible = new EntitySet(world.capacity);
      state.rules.addAlways(1, visible);
      state.rules.removeNever(1, visible);
      return [0, 1].filter((e) => visible.has(e));
    };
    // Its own ship (entity 0) is always relevant, but hidden while away.
    expect(holds()).toEqual([]);
    state.setAway(1, false);
    expect(holds()).toEqual([0]);
  });
});
