// The server's tick allocates nothing once optimized: RoomCore running the bench's arena scene
// as bench:replication drives it (bench/systems/edgetick.ts) — the game's step writing the
// scene into the world, the interest grid and each player's query (scene B), the replication
// commit, each player's update and SNAPSHOT framing, and the host's sink copying each frame.
// Issue 21's "steady state allocates nothing" for the server, as heap-meter-client.test.ts
// states it for the client; bench/harness/steady-heap.ts measures the same in the bench.
import { describe, expect, it } from "vitest";
import { ArenaScene } from "../scenes/arena-scene.js";
import { InterestGrid } from "../scenes/interest-grid.js";
import type { SceneConfig } from "../scenes/scene-config.js";
import { EdgetickSystem } from "../systems/edgetick.js";
import { allocatedPerCall } from "./heap-meter.js";
import { settledAllocation } from "./heap-meter-steady.js";
import { noErrors, verifyMirror } from "./verify-mirror.js";

// SCENES.md's scene steering B with 16 of its 64 clients, the same code paths: interest (the
// room's grid, each player's query, entities entering and leaving views) and velocities
// changing every tick. Its full 2,000 entities, not fewer: a listing loop that boxed a heap
// number per call (e5a89cb, ~70 B per client per tick in the bench) read 0 in a room of 600
// entities and 8 clients, and is caught at this size. V8 optimizes the functions a tick calls once
// (RoomCore.update, RoomTick.runDue) only after some thousands of ticks whatever the scene's
// size, so a small scene settles no sooner in ticks, only in time.
//
// One room per file (vitest runs each file in a fresh worker): a process that ran another
// scene first holds polymorphic feedback in the shared code, which V8 optimizes later and
// differently; the bench, running its four scenes in one process, reports that case.
const SCENE: SceneConfig = {
  name: "steeringB",
  title: "interest, steering",
  motion: "steering",
  entityCount: 2000,
  clientCount: 16,
  viewRadius: 300,
};

describe("the server's tick (RoomCore, the bench's arena scene)", () => {
  it(`allocates nothing per tick once optimized: ${SCENE.title}`, async () => {
    const scene = new ArenaScene({
      entityCount: SCENE.entityCount,
      clientCount: SCENE.clientCount,
      motion: SCENE.motion,
    });
    const interest = new InterestGrid(scene, SCENE.viewRadius!);
    const system = new EdgetickSystem();
    system.start(scene, interest);
    // The bench's stopwatch is instrumentation, not the room's: the heap phase turns it off.
    system.stopTiming();
    // Outside each metered tick: every client decodes the tick before (each update is a
    // delta from the last sent), and the verifier's reference view moves with the scene.
    const prepare = () => {
      for (let c = 0; c < SCENE.clientCount; c++) {
        system.deliver(c);
        system.decode(c);
      }
      interest.update(scene);
    };
    const meter = await settledAllocation(() => system.tick(), { prepare });
    // Read over 200 ticks at once as well, the clients' decodes included: a stretch's figure
    // carries the statistics read's own allocation as V8 happened to compile it (heap-meter.ts),
    // which once hid a tick boxing a heap number for every bit word with bit 30 or 31 set.
    const whole = allocatedPerCall(() => {
      prepare();
      system.tick();
    }, 200);
    prepare();
    // The room kept replicating while it was metered: every client holds what it sees.
    const worst = noErrors();
    for (let c = 0; c < SCENE.clientCount; c++) {
      const where = `client ${c}`;
      verifyMirror(scene, system.mirror(c), interest.visible(c), system.tolerance, worst, where);
    }
    expect(scene.tick).toBeGreaterThan(100);
    expect(meter.allocating).toBeLessThanOrEqual(2);
    expect(whole.bytesPerCall).toBeLessThan(2);
  }, 300_000);
});
