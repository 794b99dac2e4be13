import { World } from "@edgetick/game";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../shared/random/mulberry32.js";
import { readMatch } from "./connect-four-board.js";
import { connectFourBot } from "./connect-four-bot.js";
import { connectFourGame as game } from "./connect-four-game.js";
import { dropDisc } from "./connect-four-rules.js";
import { CONNECT_FOUR_SCHEMA, CONNECT_FOUR_TICK_RATE } from "./connect-four-state.js";

const RED = 1;
const YELLOW = 2;

function playingRoom(): World {
  const world = new World({ capacity: CONNECT_FOUR_SCHEMA.maxEntities });
  game.setup?.(world);
  for (const p of [RED, YELLOW]) game.addPlayer(world, p, `player ${p}`, { team: undefined });
  const inputs = new Map([
    [RED, null],
    [YELLOW, null],
  ]);
  game.step(world, inputs, 1 / CONNECT_FOUR_TICK_RATE);
  return world;
}

function viewOf(world: World, playerId: number, random: () => number) {
  return { world, playerId, tick: world.tick, random, held: null };
}

describe("connect four bot policy", () => {
  it("moves only on its own turn", () => {
    const world = playingRoom();
    const turn = readMatch(world)!.turn;
    const other = turn === RED ? YELLOW : RED;
    const random = mulberry32(1);
    expect(connectFourBot.act!(viewOf(world, other, random))).toBeUndefined();
    expect(connectFourBot.act!(viewOf(world, turn, random))).toMatchObject({ rpc: "drop" });
  });

  it("plays whole rounds by the rules: every drop it chooses is accepted", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const world = playingRoom();
        const random = mulberry32(seed);
        // A round ends within 42 drops (the board is full by then).
        for (let move = 0; move < 42 && readMatch(world)!.phase === "playing"; move++) {
          const turn = readMatch(world)!.turn;
          const call = connectFourBot.act!(viewOf(world, turn, random));
          expect(call?.rpc).toBe("drop");
          expect(dropDisc(world, turn, call!.args.column as number)).toBe("ok");
        }
        expect(readMatch(world)!.phase).toBe("over");
      }),
      { seed: 19, numRuns: 50 },
    );
  });
});
