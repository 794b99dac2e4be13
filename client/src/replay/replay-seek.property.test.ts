// Seeking a recorded match to random times, forward and back, in any order: each landing is
// exactly the live room's state of the tick holding the time, and playing on from there
// goes through exactly the following ticks.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arenaGame, listShips, Ship, shipOf } from "../../../games/arena/index.js";
import { recordMatch } from "../../../test/support/room/recorded-match.js";
import { createReplayPlayer } from "./replay-player.js";

/** 240 ticks at 30 Hz in 1 s chunks, keyframes every 7 ticks (not aligned with chunks). */
const MATCH = recordMatch(240, 7, 7);
const END = MATCH.manifest.endTick;
const TICK_MS = 1000 / 30;

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A time in the replay: a whole tick's, or anywhere. */
const seekTime = fc.oneof(
  fc.integer({ min: 0, max: END }).map((tick) => ({ ms: (tick * 1000) / 30, tick })),
  fc
    .double({ min: 0, max: MATCH.manifest.durationMs, noNaN: true })
    // The tick holding ms: the one whose state the view reaches at ms (ceil), within the replay.
    .map((ms) => ({ ms, tick: Math.min(END, Math.max(0, Math.ceil((ms * 30) / 1000 - 1e-6))) })),
);

describe("ReplayPlayer.seek", () => {
  it("lands on exactly the state of the tick holding the time, and plays on from it", async () => {
    const player = createReplayPlayer({
      game: arenaGame,
      manifest: MATCH.manifest,
      loadChunk: async (n) => MATCH.chunks[n]!,
      cacheChunks: 3, // seeks back into evicted chunks load them again
    });
    let frame = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(seekTime, { minLength: 1, maxLength: 6 }), async (seeks) => {
        for (const { ms, tick } of seeks) {
          await player.seek(ms);
          expect(player.tick).toBe(tick);
          expect(listShips(player.world)).toEqual(MATCH.states.get(tick));
          // Paused, the view at a whole tick's time is that state.
          player.pause();
          player.seek(ms).catch(() => {}); // the same place again: lands without moving
          await settle();
          player.render(frame);
          if (Number.isInteger((ms * 30) / 1000)) {
            const e = shipOf(player.world, 1);
            expect(player.view.store(Ship).pos.x[e]).toBe(player.world.store(Ship).pos.x[e]);
          }
          // Three more ticks of play from there: exactly the next states. (At the last tick
          // there is nothing to play on to: play() starts over, tested in replay-player.test.)
          if (tick === END) continue;
          const seen: number[] = [];
          const off = player.on("tick", ({ tick: t, world }) => {
            seen.push(t);
            expect(listShips(world)).toEqual(MATCH.states.get(t));
          });
          player.play();
          for (let i = 1; i <= 3; i++) {
            frame += TICK_MS;
            player.render(frame);
            await settle();
          }
          off();
          player.pause();
          expect(seen[0] ?? END).toBe(Math.min(tick + 1, END));
          expect(seen.at(-1) ?? END).toBe(Math.min(player.tick, END));
        }
      }),
      { numRuns: 60 },
    );
  });
});
