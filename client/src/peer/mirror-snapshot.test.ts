import { describe, expect, it } from "vitest";
import { ARENA_BUTTON, arenaGame, listShips, shipOf } from "../../../games/arena/index.js";
import { RoomCore } from "../../../shared/room/room-core.js";
import type { RoomSink } from "../../../shared/room/room-sink.js";
import { TestRoomHost } from "../../../test/support/room/test-room-host.js";
import { type MirrorSource, snapshotFromMirror } from "./mirror-snapshot.js";

const QUIET: RoomSink = { send() {}, close() {}, setTicking() {} };

/** A room of three arena players that moved, and player 2's mirror of it. */
function playedRoom() {
  const host = new TestRoomHost();
  for (const conn of ["a", "b", "c"]) host.join(conn);
  host.input("a", 0, new Array(8).fill(ARENA_BUTTON.THRUST));
  host.input("c", 0, new Array(8).fill(ARENA_BUTTON.LEFT | ARENA_BUTTON.THRUST));
  host.advance(12);
  const mirror = host.mirrors.get("b")!;
  const source: MirrorSource = {
    world: mirror.world,
    tick: mirror.tick,
    players: new Map(host.room.players().map((p) => [p.playerId, p.name])),
    networkIdOf: (e) => mirror.networkIdOf(e),
  };
  return { host, source };
}

describe("snapshotFromMirror", () => {
  it("rebuilds the room's world at the NetworkIds' slots, and its players with new tokens", () => {
    const { host, source } = playedRoom();
    let n = 0;
    const { snapshot, tokens } = snapshotFromMirror(
      arenaGame,
      source,
      { keeps: () => true, accountOf: (id) => `acct-${id}`, newToken: () => `token-${++n}` },
      5_000,
    );
    expect(snapshot).toMatchObject({ game: "arena", tick: host.room.tick, nextPlayerId: 4 });
    expect(snapshot.players).toEqual([
      { playerId: 1, name: "a", resumeToken: "token-1", accountId: "acct-1" },
      { playerId: 2, name: "b", resumeToken: "token-2", accountId: "acct-2" },
      { playerId: 3, name: "c", resumeToken: "token-3", accountId: "acct-3" },
    ]);
    expect([...tokens]).toEqual([
      [1, "token-1"],
      [2, "token-2"],
      [3, "token-3"],
    ]);
    const restored = new RoomCore(arenaGame, "migrated", QUIET, {}, { snapshot, now: 0 });
    // The ships moved (thrust, turns), and come back with every value, at the same ids.
    expect(listShips(host.room.world).some((s) => s.vx !== 0)).toBe(true);
    expect(listShips(restored.world)).toEqual(listShips(host.room.world));
    for (const id of [1, 2, 3])
      expect(shipOf(restored.world, id)).toBe(shipOf(host.room.world, id));
    expect(restored.tick).toBe(host.room.tick);
    // Each player waits for its own account's resume.
    expect(restored.players().map((p) => [p.playerId, p.connected])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(restored.resumes("token-1", "acct-1")).toBe(true);
    expect(restored.resumes("token-1", "acct-2")).toBe(false);
  });

  it("removes the players that do not stay, with their entities, through the game", () => {
    const { host, source } = playedRoom();
    const { snapshot, tokens } = snapshotFromMirror(
      arenaGame,
      source,
      { keeps: (id) => id !== 3, accountOf: () => undefined, newToken: () => "t" },
      0,
    );
    expect(snapshot.players.map((p) => p.playerId)).toEqual([1, 2]);
    expect([...tokens.keys()]).toEqual([1, 2]);
    // Player 3's id is not handed out again.
    expect(snapshot.nextPlayerId).toBe(4);
    const restored = new RoomCore(arenaGame, "migrated", QUIET, {}, { snapshot, now: 0 });
    const expected = listShips(host.room.world).filter((s) => s.owner !== 3);
    expect(listShips(restored.world)).toEqual(expected);
    expect(shipOf(restored.world, 3)).toBe(-1);
  });

  it("holds only what the mirror holds: replicated components of entities in view", () => {
    const { source } = playedRoom();
    const { snapshot } = snapshotFromMirror(
      arenaGame,
      source,
      { keeps: () => true, accountOf: () => undefined, newToken: () => "t" },
      0,
    );
    expect(snapshot.world.components.map((c) => [c.name, c.kind])).toEqual([["Ship", "schema"]]);
    expect([...snapshot.world.alive]).toEqual([...snapshot.world.components[0]!.entities]);
  });
});
