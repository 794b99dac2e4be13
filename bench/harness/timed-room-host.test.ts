import { describe, expect, it } from "vitest";
import { RoomCore } from "../../shared/room/index.js";
import { ArenaScene } from "../scenes/arena-scene.js";
import { ArenaSceneGame, seatName } from "../systems/edgetick-scene-game.js";
import { sayHello } from "./say-hello.js";
import { type TickPhases, TimedRoomHost } from "./timed-room-host.js";

describe("TimedRoomHost", () => {
  it("splits one room tick into its phases and times its own sends", () => {
    const scene = new ArenaScene({ entityCount: 200, clientCount: 2 });
    const game = new ArenaSceneGame(scene, 300, 2);
    const host = new TimedRoomHost();
    const room = new RoomCore(game.definition, "t", host);
    for (let c = 0; c < 2; c++) sayHello(room, game.definition, `c${c}`, seatName(c), 0);
    const phases: TickPhases = { step: -1, encode: -1, perClient: -1, sends: -1 };
    host.beginTick();
    room.update(room.tickIntervalMs);
    host.endTick(phases);
    expect(phases.step).toBeGreaterThanOrEqual(0);
    expect(phases.encode).toBeGreaterThanOrEqual(0);
    // Two SNAPSHOTs went out inside the per-client phase.
    expect(phases.sends).toBeGreaterThan(0);
    expect(phases.perClient).toBeGreaterThanOrEqual(phases.sends);
    expect(host.pendingBytes("c0")).toBeGreaterThan(0);
    // A client that does not decode counts its frame without a view; a take then finds none.
    const pending = host.pendingBytes("c1");
    expect(host.skipSnapshot("c1")).toBe(pending);
    expect(host.skipSnapshot("c1")).toBe(-1);
    expect(host.takeSnapshot("c1")).toBeNull();
    const c0 = host.pendingBytes("c0");
    expect(host.takeSnapshot("c0")?.byteLength).toBe(c0);
    expect(host.skipSnapshot("c0")).toBe(-1);
    // No tick ran since: the host says so rather than report stale phases.
    host.beginTick();
    expect(() => host.endTick(phases)).toThrow(/0 times/);
  });
});
