// ReplayPlayer over a recorded arena match (a RoomCore on a manual clock): exact states tick
// by tick against the live room, RPC events at their ticks, pace, buffering, the end, and
// follow. Frames are driven with explicit times; chunk loads are promises settled between
// frames.
import { describe, expect, it } from "vitest";
import { ARENA_RPCS, arenaGame, listShips, Ship, shipOf } from "../../../games/arena/index.js";
import { recordMatch } from "../../../test/support/room/recorded-match.js";
import { createReplayPlayer } from "./replay-player.js";

/** 300 ticks at 30 Hz in 1 s chunks: 10 chunks, keyframes every 10 ticks. */
const MATCH = recordMatch(300);
const TICK_MS = 1000 / 30;
const END = MATCH.manifest.endTick;

/** Lets settled chunk loads reach the player. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function replay(loadChunk = async (n: number) => MATCH.chunks[n]!) {
  const loads: number[] = [];
  const player = createReplayPlayer({
    game: arenaGame,
    manifest: MATCH.manifest,
    loadChunk: (n) => {
      loads.push(n);
      return loadChunk(n);
    },
  });
  return { player, loads };
}

describe("ReplayPlayer", () => {
  it("replays to exactly the live room's state at every tick, its view equal to it at whole ticks", async () => {
    const { player } = replay();
    await player.seek(0);
    expect([MATCH.manifest.startTick, END, MATCH.manifest.chunks.length]).toEqual([0, 299, 10]);
    expect(player.tick).toBe(0);
    expect(listShips(player.world)).toEqual(MATCH.states.get(0));
    const seen: number[] = [];
    player.on("tick", ({ tick, world }) => {
      seen.push(tick);
      expect(listShips(world)).toEqual(MATCH.states.get(tick));
    });
    player.play();
    let t = 0;
    player.render(t);
    const view = player.view.store(Ship);
    const mirror = player.world.store(Ship);
    while (player.playing) {
      t += TICK_MS;
      player.render(t);
      for (const { owner } of listShips(player.world)) {
        const e = shipOf(player.world, owner);
        expect(view.pos.x[e]).toBeCloseTo(mirror.pos.x[e]!, 6);
        expect(view.heading[e]).toBeCloseTo(mirror.heading[e]!, 6);
      }
      await settle();
    }
    // Every tick once, in order, none skipped while a chunk loaded.
    expect(seen).toEqual(Array.from({ length: END }, (_, i) => i + 1));
    expect(player.time).toBe(player.duration);
  });

  it("fires the recorded RPC events at their ticks, typed through rpc(table)", async () => {
    const { player } = replay();
    const heard: { tick: number; player: number; kind: string }[] = [];
    const raw: number[] = [];
    player.rpc(ARENA_RPCS).on("emoted", (a) => heard.push({ tick: player.tick, ...a }));
    player.on("rpc", ({ tick }) => raw.push(tick));
    await player.seek(0);
    player.speed = 8;
    player.play();
    for (let t = 0; player.playing; t += 100) {
      player.render(t);
      await settle();
    }
    expect(MATCH.emotes.length).toBeGreaterThan(5);
    expect(heard).toEqual(MATCH.emotes);
    expect(raw).toEqual(MATCH.emotes.map((e) => e.tick));
  });

  it("moves time by the real time between frames × speed, and refuses speeds outside 0.25–8", async () => {
    const { player } = replay();
    await player.seek(0);
    await settle(); // chunk 1, prefetched
    player.play();
    player.render(0);
    player.render(300);
    expect(player.time).toBeCloseTo(300, 9);
    player.speed = 2;
    player.render(400); // 100 ms at 2×
    expect(player.time).toBeCloseTo(500, 9);
    player.speed = 0.25;
    player.render(800); // 400 ms at ¼×
    expect(player.time).toBeCloseTo(600, 9);
    player.speed = 8;
    player.render(850); // 50 ms at 8×
    expect(player.time).toBeCloseTo(1000, 9);
    expect(player.tick).toBe(30);
    player.pause();
    player.render(5000);
    expect(player.time).toBeCloseTo(1000, 9);
    for (const bad of [0.2, 8.5, 0, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => {
        player.speed = bad;
      }).toThrow(RangeError);
    expect(player.speed).toBe(8);
  });

  it("holds time at the last state while the next chunk loads, then goes on without skipping", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { player } = replay(async (n) => {
      if (n === 1) await held;
      return MATCH.chunks[n]!;
    });
    await player.seek(0);
    const seen: number[] = [];
    player.on("tick", ({ tick }) => seen.push(tick));
    player.play();
    player.render(0);
    player.render(2000); // wants tick 60; chunk 0 ends at 29
    expect(player.tick).toBe(29);
    expect(player.buffering).toBe(true);
    expect(player.time).toBeCloseTo(29 * TICK_MS, 9);
    release();
    await settle();
    expect(player.buffering).toBe(false);
    player.render(2000 + TICK_MS);
    expect(player.tick).toBe(30);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("ends at the last tick, pauses, and plays again from the start", async () => {
    const { player } = replay();
    await player.seek(player.duration - 100);
    const ended: number[] = [];
    player.on("ended", ({ time }) => ended.push(time));
    player.play();
    player.render(0);
    player.render(500);
    expect([player.tick, player.playing, player.time]).toEqual([END, false, player.duration]);
    expect(ended).toEqual([player.duration]);
    player.render(1000);
    expect(ended).toHaveLength(1);
    player.play();
    await settle();
    expect([player.tick, player.time, player.playing]).toEqual([0, 0, true]);
  });

  it("follows a player's ship, -1 once it left the match, and roams with null", async () => {
    const { player } = replay();
    expect([...player.players]).toEqual([
      [1, "p1"],
      [2, "p2"],
      [3, "p3"],
      [4, "p4"],
    ]);
    await player.seek(1000);
    player.follow(2);
    expect(player.followed).toBe(shipOf(player.world, 2));
    expect(player.followed).toBeGreaterThanOrEqual(0);
    await player.seek(5000); // p2 left at tick 100
    expect(player.followed).toBe(-1);
    player.follow(null);
    expect([player.following, player.followed]).toEqual([null, -1]);
    expect(() => player.follow(-1)).toThrow(RangeError);
  });

  it("loads only the chunk a seek needs, then prefetches the next", async () => {
    const { player, loads } = replay();
    await settle(); // the first landing, at 0
    loads.length = 0;
    await player.seek(5500); // tick 165: chunk 5
    await settle();
    expect(loads).toEqual([5, 6]);
  });
});
