// The room hands the game each joining player's seat (its team from the room's
// configuration), so modes and lobbies with teams reach game code.
import { describe, expect, it } from "vitest";
import { type ArenaInput, arenaGame } from "../../games/arena/index.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import type { GameDefinition, PlayerSeat } from "../game/game-definition.js";

function recordingGame(seats: [number, PlayerSeat][]): GameDefinition<ArenaInput> {
  return {
    ...arenaGame,
    addPlayer(world, playerId, name, seat) {
      seats.push([playerId, seat]);
      arenaGame.addPlayer(world, playerId, name, seat);
    },
  };
}

describe("RoomCore seats", () => {
  it("passes each joining player's team to addPlayer, and none to a host that knows none", () => {
    const seats: [number, PlayerSeat][] = [];
    const host = new TestRoomHost({}, recordingGame(seats));
    host.joinAs("a", "acct-a", "", 1);
    host.joinAs("b", "acct-b", "", 0);
    host.join("c");
    expect(seats).toEqual([
      [1, { team: 1 }],
      [2, { team: 0 }],
      [3, { team: undefined }],
    ]);
  });

  it("does not seat a resuming player again", () => {
    const seats: [number, PlayerSeat][] = [];
    const host = new TestRoomHost({ reconnectGraceMs: 5_000 }, recordingGame(seats));
    host.joinAs("a", "acct-a", "", 1);
    const welcome = host.frames.get("a")!.find((m) => m.type === "welcome")!;
    host.room.disconnect("a", host.now);
    host.joinAs("a2", "acct-a", welcome.type === "welcome" ? welcome.resumeToken : "", 1);
    expect(seats).toHaveLength(1);
  });
});
