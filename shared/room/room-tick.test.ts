// Which players a tick's step hears from: the room refills one inputs map in place from tick to
// tick (clearing it reallocated its table every tick), so a player who left must still drop out
// of it, and a player waiting out its grace period stays in it, idle.
import { describe, expect, it } from "vitest";
import type { ArenaInput } from "../../games/arena/index.js";
import { arenaGame } from "../../games/arena/index.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import type { GameDefinition } from "../game/game-definition.js";

/** The arena with a step that records, per tick, the players its inputs map names. */
function recordingArena(): { game: GameDefinition<ArenaInput>; heard: number[][] } {
  const heard: number[][] = [];
  const game: GameDefinition<ArenaInput> = {
    ...arenaGame,
    step(world, inputs, dt) {
      heard.push([...inputs.keys()].sort((a, b) => a - b));
      arenaGame.step(world, inputs, dt);
    },
  };
  return { game, heard };
}

describe("RoomTick's inputs", () => {
  it("name every seated player each tick, drop one who left and keep one in its grace period", () => {
    const { game, heard } = recordingArena();
    const host = new TestRoomHost({}, game);
    host.join("a");
    host.join("b");
    host.join("c");
    const ids = ["a", "b", "c"].map((conn) => host.room.playerOf(conn)!.playerId);
    host.advance(2);
    expect(heard.at(-1)).toEqual(ids);
    // c leaves for good, b drops and may resume: b stays in the inputs, idle; c does not.
    host.room.disconnect("c", host.now, false);
    host.room.disconnect("b", host.now, true);
    host.advance(2);
    expect(heard.at(-1)).toEqual(ids.slice(0, 2));
    expect(heard.at(-2)).toEqual(ids.slice(0, 2));
    host.join("d");
    host.advance(1);
    expect(heard.at(-1)).toEqual([...ids.slice(0, 2), host.room.playerOf("d")!.playerId]);
  });
});
