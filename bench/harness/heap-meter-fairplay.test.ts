// The arena room's per-tick fair-play work allocates nothing once optimized: after each step
// the room records every ship's hitbox for lag compensation (RoomRewind.record) and checks
// every player's motion against the game's top speed (RoomFairPlay.afterStep). Both ran once a
// tick per room and allocated per tick (closures, a map iterator and its entries, boxed
// coordinates): ~1 KB a tick in an 8-player arena room. Issue 21's steady state for the parts
// of a room's tick the bench's scene does not declare.
import { describe, expect, it } from "vitest";
import { arenaGame } from "../../games/arena/arena-game.js";
import { ARENA_BUTTON } from "../../games/arena/arena-input.js";
import { ARENA_SCHEMA } from "../../games/arena/arena-state.js";
import { RoomFairPlay } from "../../shared/fairplay/room-fair-play.js";
import { RoomRewind } from "../../shared/fairplay/room-rewind.js";
import { World } from "../../shared/world/world.js";
import { settledAllocation } from "./heap-meter-steady.js";

const PLAYERS = 8;
const TICK_RATE = 30;

describe("the arena room's fair-play work after each tick", () => {
  it("records hitboxes and checks motion without allocating once optimized", async () => {
    const world = new World({ capacity: ARENA_SCHEMA.maxEntities });
    // Every ship thrusting and turning, so positions change (fractional) every tick.
    const inputs = new Map<number, { buttons: number }>();
    for (let id = 1; id <= PLAYERS; id++) {
      arenaGame.addPlayer(world, id, `p${id}`, { team: undefined });
      inputs.set(id, { buttons: ARENA_BUTTON.THRUST | ARENA_BUTTON.LEFT });
    }
    const rewind = new RoomRewind(arenaGame.lagCompensation!, TICK_RATE, world.capacity);
    const fairPlay = new RoomFairPlay(arenaGame.fairPlay!, TICK_RATE, rewind.maxRewindTicks);
    for (let id = 1; id <= PLAYERS; id++) fairPlay.seated(id, undefined, 0);
    let tick = 0;
    let now = 0;
    // The game's step (and the fractional clock) outside the metered stretch, as the room's
    // tick runs them before these.
    const prepare = () => {
      arenaGame.step(world, inputs, 1 / TICK_RATE);
      tick++;
      now += 1000 / TICK_RATE;
    };
    const afterStep = () => {
      rewind.record(tick, world);
      fairPlay.afterStep(world, tick, now);
    };
    const meter = await settledAllocation(afterStep, { prepare });
    // Honest ships: no strike.
    expect(fairPlay.strikes).toBe(0);
    expect(tick).toBeGreaterThan(100);
    expect(meter.allocating).toBeLessThanOrEqual(2);
  }, 300_000);
});
