import { describe, expect, it } from "vitest";
import { World } from "../../shared/world/world.js";
import { resolveZones } from "../../shared/zones/zoned-game.js";
import { listAvatars, worldGame } from "./world-game.js";
import { WALK, WORLD_INPUT_CODEC } from "./world-input.js";
import { Avatar, WALK_SPEED, WORLD_SCHEMA, WORLD_SIZE, WORLD_TICK_RATE } from "./world-state.js";
import { avatarOf, taggedAvatar, walkerTag } from "./world-step.js";

const DT = 1 / WORLD_TICK_RATE;

function worldWith(...players: { id: number; x: number; y: number }[]): World {
  const w = new World({ capacity: WORLD_SCHEMA.maxEntities });
  for (const p of players) {
    worldGame.addPlayer(w, p.id, `p${p.id}`, { team: undefined });
    const e = avatarOf(w, p.id);
    const out = new Float64Array(2);
    w.store(Avatar).pos.x[e] = p.x;
    w.store(Avatar).pos.y[e] = p.y;
    worldGame.zones.position(w, e, out);
    expect([...out]).toEqual([p.x, p.y]);
  }
  return w;
}

describe("world game", () => {
  it("declares a valid 4×4 grid of zones", () => {
    const zones = resolveZones(worldGame.zones);
    expect(zones.partition.ids).toHaveLength(16);
    expect(zones.partition.zoneAt(WORLD_SIZE - 1, WORLD_SIZE - 1)).toBe("3.3");
  });

  it("walks each avatar at its own player's input, diagonals at the same speed", () => {
    const w = worldWith({ id: 1, x: 100, y: 100 }, { id: 2, x: 500, y: 500 });
    worldGame.step(
      w,
      new Map([
        [1, { walk: WALK.RIGHT }],
        [2, { walk: WALK.DOWN | WALK.LEFT }],
      ]),
      DT,
    );
    const [a, b] = listAvatars(w);
    // 150 u/s for 1/20 s: 7.5 units; diagonally 7.5 / √2 on each axis.
    expect(a).toEqual({ owner: 1, x: 107.5, y: 100 });
    expect(b!.x).toBeCloseTo(500 - 7.5 * Math.SQRT1_2, 9);
    expect(b!.y).toBeCloseTo(500 + 7.5 * Math.SQRT1_2, 9);
    expect(Math.hypot(b!.x - 500, b!.y - 500)).toBeCloseTo(WALK_SPEED * DT, 9);
  });

  it("stops avatars at the world's edge", () => {
    const w = worldWith({ id: 1, x: 2, y: WORLD_SIZE - 1 });
    worldGame.step(w, new Map([[1, { walk: WALK.LEFT | WALK.DOWN }]]), DT);
    expect(listAvatars(w)[0]).toMatchObject({ x: 0, y: WORLD_SIZE });
  });

  it("rebinds an adopted avatar to its new player id", () => {
    const w = worldWith({ id: 3, x: 10, y: 10 });
    const e = worldGame.zones.avatarOf(w, 3);
    worldGame.zones.adoptAvatar?.(w, e, 9);
    expect(worldGame.zones.avatarOf(w, 9)).toBe(e);
    expect(worldGame.zones.avatarOf(w, 3)).toBe(-1);
  });

  it("never takes a ghost (an avatar without Walker) for a player's avatar, even with its owner id", () => {
    const w = worldWith({ id: 4, x: 10, y: 10 });
    const mine = avatarOf(w, 4);
    const ghost = w.spawn();
    w.add(ghost, Avatar, { owner: 4, tag: 1, pos: { x: 399, y: 10 }, vel: { x: 0, y: 0 } });
    // Despawning the player's avatar leaves only the ghost with owner 4: still no avatar.
    expect(avatarOf(w, 4)).toBe(mine);
    worldGame.removePlayer(w, 4);
    expect(avatarOf(w, 4)).toBe(-1);
    expect(w.has(ghost, Avatar)).toBe(true);
  });

  it("tags each walker by its name, so a client finds its own avatar among ghosts with its owner id", () => {
    const w = worldWith({ id: 1, x: 10, y: 10 });
    const ghost = w.spawn();
    w.add(ghost, Avatar, {
      owner: 1,
      tag: walkerTag("p2"),
      pos: { x: 1, y: 1 },
      vel: { x: 0, y: 0 },
    });
    const count = { n: 0 };
    expect(taggedAvatar(w, walkerTag("p1"), count)).toBe(avatarOf(w, 1));
    expect(count.n).toBe(1);
    // FNV-1a of "a": 0xe40c292c.
    expect(walkerTag("a")).toBe(0xe40c292c);
  });

  it("refuses an input byte with a bit outside the four directions", () => {
    expect(WORLD_INPUT_CODEC.decode(Uint8Array.of(0b1111), 0)).toEqual({ walk: 0b1111 });
    expect(WORLD_INPUT_CODEC.decode(Uint8Array.of(0b1_0000), 0)).toBeUndefined();
    expect(WORLD_INPUT_CODEC.decode(Uint8Array.of(), 0)).toBeUndefined();
  });
});
