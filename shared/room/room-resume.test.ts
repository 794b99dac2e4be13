// The room's side of connection resilience: grace periods, resume tokens, idle timeouts and
// the game's connection hooks, driven through RoomCore's public entry points with a manual
// clock.

import { describe, expect, it } from "vitest";
import { ARENA_BUTTON, type ArenaInput, arenaGame, listShips } from "../../games/arena/index.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { ByteWriter } from "../codec/byte-writer.js";
import type { GameDefinition } from "../game/game-definition.js";
import { CLOSE, encodePing, NO_INPUT_ACK } from "../protocol/index.js";
import type { RoomOptions } from "./room-options.js";

/** The room of these tests is called "resume-room". */
class Host extends TestRoomHost {
  constructor(options: RoomOptions = {}, game: GameDefinition<ArenaInput> = arenaGame) {
    super(options, game, "resume-room");
  }
}

const GRACE = { reconnectGraceMs: 2_000 } satisfies RoomOptions;

describe("RoomCore resume within the grace period", () => {
  it("keeps a dropped player's ship, marks it disconnected, and gives it back on resume", () => {
    const host = new Host(GRACE);
    host.join("a");
    host.join("b");
    host.input("a", 0, [ARENA_BUTTON.THRUST, ARENA_BUTTON.THRUST]);
    host.advance(2);
    const token = host.welcome("a").resumeToken;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const before = host.ships("b").find((s) => s.owner === 1)!;

    host.room.disconnect("a", host.now);
    expect(host.of("b", "player-status")).toEqual([
      { type: "player-status", playerId: 1, connected: false },
    ]);
    expect(host.of("b", "player-left")).toEqual([]);
    host.advance(3);
    // The ship stays in the room; the arena hides it from the others while its player is
    // away (arena-interest.ts).
    expect(listShips(host.room.world).map((s) => s.owner)).toEqual([1, 2]);
    expect(host.ships("b").map((s) => s.owner)).toEqual([2]);
    expect(host.room.players()).toMatchObject([
      { playerId: 2, connected: true },
      { playerId: 1, connected: false },
    ]);

    host.join("a2", "ignored", token);
    const welcome = host.welcome("a2");
    expect(welcome).toMatchObject({ playerId: 1, resumed: true, resumeToken: token });
    expect(host.of("b", "player-status").at(-1)).toEqual({
      type: "player-status",
      playerId: 1,
      connected: true,
    });
    host.advance(1);
    // The fresh mirror decoded a full state: the same ship, still coasting from its thrust
    // (never respawned at its spawn point).
    const after = host.ships("a2").find((s) => s.owner === 1)!;
    expect(after.x).not.toBe(before.x);
    expect(host.ships("a2")).toEqual(host.ships("b"));
    expect(host.room.players().map((p) => [p.playerId, p.name, p.connected])).toEqual([
      [2, "b", true],
      [1, "a", true],
    ]);
  });

  it("tells a resumed player who is present (itself too) and who is disconnected", () => {
    const host = new Host(GRACE);
    host.join("a");
    host.join("b");
    host.join("c");
    const tokenA = host.welcome("a").resumeToken;
    host.room.disconnect("a", host.now);
    host.room.disconnect("c", host.now);
    host.join("a2", "a", tokenA);
    // b present, c away, then a itself: a resumed client's view starts empty, like a new one's.
    expect(host.of("a2", "player-joined").map((m) => m.playerId)).toEqual([2, 3, 1]);
    expect(host.of("a2", "player-status")).toEqual([
      { type: "player-status", playerId: 3, connected: false },
    ]);
  });

  it("drops inputs queued for the old link: the resumed player starts from no input ack", () => {
    const host = new Host(GRACE);
    host.join("a");
    host.advance(1);
    host.input("a", 0, [1, 1, 1, 1, 1, 1]); // six queued, one applied per tick
    host.advance(1);
    const token = host.welcome("a").resumeToken;
    host.room.disconnect("a", host.now);
    host.join("a2", "a", token);
    host.advance(1);
    expect(host.of("a2", "snapshot")[0]?.ackSeq).toBe(NO_INPUT_ACK);
  });

  it("removes the player after the grace period and tells everyone, not a tick before", () => {
    const host = new Host(GRACE);
    host.join("a");
    host.join("b");
    const token = host.welcome("a").resumeToken;
    const dropped = host.now;
    host.room.disconnect("a", dropped);
    host.room.update(dropped + 1_999);
    expect(host.of("b", "player-left")).toEqual([]);
    host.room.update(dropped + 2_000);
    expect(host.of("b", "player-left")).toEqual([{ type: "player-left", playerId: 1 }]);
    host.now = dropped + 2_000;
    host.advance(1);
    expect(host.ships("b").map((s) => s.owner)).toEqual([2]);
    // Too late: the token joins as a new player.
    host.join("a2", "a", token);
    expect(host.welcome("a2")).toMatchObject({ playerId: 3, resumed: false });
    expect(host.welcome("a2").resumeToken).not.toBe(token);
  });

  it("stops ticking with only disconnected players, and expires them when the host asks", () => {
    const host = new Host(GRACE);
    host.join("a");
    host.join("b");
    const dropped = host.now;
    host.room.disconnect("a", dropped);
    host.room.disconnect("b", dropped + 500);
    expect(host.room.ticking).toBe(false);
    expect(host.timer).toEqual([true, false]);
    expect(host.room.graceDeadline).toBe(dropped + 2_000);
    host.room.expireGrace(dropped + 1_999);
    expect(host.room.playerCount).toBe(2);
    host.room.expireGrace(dropped + 2_000);
    expect(host.room.players().map((p) => p.playerId)).toEqual([2]);
    expect(host.room.graceDeadline).toBe(dropped + 2_500);
    host.room.expireGrace(dropped + 2_500);
    expect(host.room.playerCount).toBe(0);
    expect(host.room.graceDeadline).toBeUndefined();
  });

  it("removes at once a player that left for good, or when the grace period is 0", () => {
    const host = new Host(GRACE);
    host.join("a");
    host.join("b");
    host.room.disconnect("a", host.now, false);
    expect(host.of("b", "player-left")).toEqual([{ type: "player-left", playerId: 1 }]);
    expect(host.of("b", "player-status")).toEqual([]);

    const none = new Host({ reconnectGraceMs: 0 });
    none.join("a");
    none.join("b");
    none.room.disconnect("a", none.now);
    expect(none.of("b", "player-left")).toEqual([{ type: "player-left", playerId: 1 }]);
  });

  it("joins fresh on an unknown token, and resumes a held player even in a full room", () => {
    const host = new Host({ ...GRACE, maxPlayers: 2 });
    host.join("a");
    host.join("b");
    const token = host.welcome("a").resumeToken;
    host.room.disconnect("a", host.now);
    host.join("c"); // a's seat is still taken
    expect(host.closes.get("c")?.code).toBe(CLOSE.ROOM_FULL.code);
    host.join("a2", "a", "0".repeat(32));
    expect(host.closes.get("a2")?.code).toBe(CLOSE.ROOM_FULL.code);
    host.join("a3", "a", token);
    expect(host.welcome("a3")).toMatchObject({ playerId: 1, resumed: true });
  });

  it("gives a player back only to the account it joined as: a leaked token joins fresh", () => {
    const host = new Host(GRACE);
    host.joinAs("a", "acct-ada");
    const token = host.welcome("a").resumeToken;
    host.room.disconnect("a", host.now);
    expect(host.room.resumes(token, "acct-eve")).toBe(false);
    expect(host.room.resumes(token, "acct-ada")).toBe(true);
    host.joinAs("e", "acct-eve", token);
    // Eve gets a seat of her own (player 2), and Ada's player still waits for Ada.
    expect(host.welcome("e")).toMatchObject({ playerId: 2, resumed: false });
    host.joinAs("a2", "acct-ada", token);
    expect(host.welcome("a2")).toMatchObject({ playerId: 1, resumed: true });
  });

  it("does not let another account take over a player still connected", () => {
    const host = new Host(GRACE);
    host.joinAs("a", "acct-ada");
    const token = host.welcome("a").resumeToken;
    host.joinAs("e", "acct-eve", token);
    expect(host.closes.get("a")).toBeUndefined();
    expect(host.welcome("e")).toMatchObject({ playerId: 2, resumed: false });
    expect(host.room.players().find((p) => p.playerId === 1)?.accountId).toBe("acct-ada");
  });

  it("replaces a connection still holding the player when its client resumes elsewhere", () => {
    const host = new Host(GRACE);
    host.join("a");
    host.join("b");
    const token = host.welcome("a").resumeToken;
    host.join("a2", "a", token);
    expect(host.closes.get("a")?.code).toBe(CLOSE.REPLACED.code);
    expect(host.welcome("a2")).toMatchObject({ playerId: 1, resumed: true });
    expect(host.of("b", "player-left")).toEqual([]);
    expect(host.room.playerCount).toBe(2);
  });
});

describe("RoomCore idle timeout", () => {
  it("closes a silent connection with 4300 after idleTimeoutMs; pings keep it open", () => {
    const host = new Host({ ...GRACE, idleTimeoutMs: 1_000 });
    host.join("a");
    host.join("b");
    const ping = new ByteWriter();
    encodePing(ping, 0);
    const start = host.now;
    for (let t = 100; t <= 1_500; t += 100) {
      host.room.receive("b", ping.toBytes(), start + t);
      host.room.update(start + t);
    }
    expect(host.closes.get("a")?.code).toBe(CLOSE.IDLE_TIMEOUT.code);
    expect(host.closes.has("b")).toBe(false);
    // A health cut is retryable: the player waits to resume.
    expect(host.of("b", "player-status").at(-1)).toMatchObject({ playerId: 1, connected: false });
  });
});

describe("RoomCore connection hooks", () => {
  it("calls onJoin, onDisconnect, onReconnect and onLeave with the player id", () => {
    const calls: string[] = [];
    const game: GameDefinition<ArenaInput> = {
      ...arenaGame,
      onJoin: (_w, id, name) => void calls.push(`join ${id} ${name}`),
      onDisconnect: (_w, id) => void calls.push(`disconnect ${id}`),
      onReconnect: (_w, id) => void calls.push(`reconnect ${id}`),
      onLeave: (_w, id) => void calls.push(`leave ${id}`),
    };
    const host = new Host(GRACE, game);
    host.join("a", "ada");
    const token = host.welcome("a").resumeToken;
    host.room.disconnect("a", host.now);
    host.join("a2", "ada", token);
    host.room.disconnect("a2", host.now);
    host.room.expireGrace(host.now + 2_000); // the host's alarm: nobody ticks now
    expect(calls).toEqual(["join 1 ada", "disconnect 1", "reconnect 1", "disconnect 1", "leave 1"]);
  });
});
