import { describe, expect, it } from "vitest";
import { RoomCore } from "../../shared/room/index.js";
import { World } from "../../shared/world/index.js";
import { ArenaScene } from "../scenes/arena-scene.js";
import { InterestGrid } from "../scenes/interest-grid.js";
import { EdgetickSystem } from "./edgetick.js";
import { BenchRoomHost } from "./edgetick-host.js";
import { ArenaSceneGame } from "./edgetick-scene-game.js";

describe("EdgetickSystem", () => {
  it("sends each client one SNAPSHOT frame per room tick, header counted in its size", () => {
    const scene = new ArenaScene({ entityCount: 40, clientCount: 3 });
    const system = new EdgetickSystem();
    system.start(scene, null);
    // Joined but not ticked: the room sends state only with a tick.
    expect(system.receivedBytes(0)).toBe(0);
    const gameMs = system.tick();
    expect(scene.tick).toBe(1);
    expect(gameMs).toBeGreaterThan(0);
    for (let c = 0; c < 3; c++) {
      // A full state of 40 entities is far more than the 6-byte header.
      expect(system.receivedBytes(c)).toBeGreaterThan(40);
      system.decode(c);
      expect(system.receivedBytes(c)).toBe(0);
      expect(system.mirror(c).size()).toBe(40);
    }
  });

  it("gives a late joiner its seat's view with the next tick, then lets it go", () => {
    const scene = new ArenaScene({ entityCount: 200, clientCount: 4 });
    const grid = new InterestGrid(scene, 300);
    const system = new EdgetickSystem();
    system.start(scene, grid);
    for (let t = 0; t < 3; t++) {
      system.tick();
      grid.update(scene);
      for (let c = 0; c < 4; c++) system.decode(c);
    }
    const join = system.lateJoin(2);
    expect(scene.tick).toBe(4);
    expect(join.mirror.size()).toBe(grid.visible(2).length);
    expect(join.bytes).toBeGreaterThan(5);
    expect(system.describe().lateJoinControlBytes).toBeGreaterThan(0);
  });
});

describe("ArenaSceneGame", () => {
  it("refuses a player whose name names no seat", () => {
    const scene = new ArenaScene({ entityCount: 20, clientCount: 2 });
    const game = new ArenaSceneGame(scene, 300, 2);
    const world = new World({ capacity: 32 });
    expect(() => game.definition.addPlayer(world, 1, "seat 2", { team: undefined })).toThrow(
      /names no seat/,
    );
    expect(() => game.definition.addPlayer(world, 1, "seat 1", { team: undefined })).not.toThrow();
  });

  it("sets up a room holding the scene's entities, with room for every seat and a joiner", () => {
    const scene = new ArenaScene({ entityCount: 20 });
    const game = new ArenaSceneGame(scene, null, 1);
    const room = new RoomCore(game.definition, "t", new BenchRoomHost());
    expect(room.world.alive.count()).toBe(20);
    expect(room.options.maxPlayers).toBe(2);
    expect(room.tickIntervalMs).toBeCloseTo(1000 / 30, 9);
  });
});
