// The peer scene on short scripts: both carriers converge under loss, the data channel's
// snapshots really travel unreliable (dropped, ignored when stale), the WebSocket's never
// do, a seed replays a run exactly, and a doctored mirror is refused.
import { describe, expect, it } from "vitest";
import { Ship } from "../../games/arena/index.js";
import { MirrorDivergenceError, verifyConvergence } from "./convergence.js";
import { LinkRoom } from "./link-room.js";
import { type LinkSceneOptions, runLinkScene } from "./link-scene.js";

const lossy = { latencyMs: 40, jitterMs: 10, loss: 0.05, retransmitMs: 200 };
const short = { players: 4, warmupMs: 1000, scriptMs: 4000, restMs: 5000 } as const;

describe("runLinkScene", () => {
  it("sends the data channel's snapshots unreliable: some dropped, the rest converge", () => {
    const f = runLinkScene({ ...short, carrier: "dataChannel", conditions: lossy });
    // About one frame per tick, nearly all of them snapshots on the unreliable channel.
    expect(f.unreliableShare).toBeGreaterThan(0.9);
    expect(f.droppedFrames).toBeGreaterThan(0);
    expect(f.inputToScreen.samples).toBeGreaterThan(0);
    // Each frame costs at least 65 bytes of SCTP and DTLS on top of its payload.
    expect(f.bytesPerClientTick - f.payloadBytesPerClientTick).toBeGreaterThanOrEqual(
      65 * f.framesPerClientTick,
    );
  });

  it("keeps every frame of the WebSocket room on the ordered link: nothing dropped or stale", () => {
    const f = runLinkScene({ ...short, carrier: "websocket", conditions: lossy });
    expect(f.unreliableShare).toBe(0);
    expect(f.droppedFrames).toBe(0);
    expect(f.staleSnapshots).toBe(0);
    // Every frame is under 126 bytes: a 2-byte header and a 22-byte TLS record each.
    expect(f.largestFrameBytes).toBeLessThan(126);
    expect(f.bytesPerClientTick - f.payloadBytesPerClientTick).toBeCloseTo(
      24 * f.framesPerClientTick,
      9,
    );
  });

  it("replays a seed exactly", () => {
    const options: LinkSceneOptions = {
      ...short,
      scriptMs: 3000,
      carrier: "dataChannel",
      conditions: lossy,
    };
    expect(runLinkScene(options)).toEqual(runLinkScene(options));
  });
});

describe("verifyConvergence", () => {
  it("refuses a mirror that differs from the room's view, and accepts it untouched", () => {
    const run = () => {
      const link = new LinkRoom("dataChannel", lossy, 3);
      for (let i = 0; i < 3; i++) link.join(`p${i}`);
      for (let t = 0; t < 1500; t++) link.step(false);
      return link;
    };
    expect(verifyConvergence(run())).toBeGreaterThanOrEqual(0);
    const doctored = run();
    verifyConvergence(doctored);
    const mirror = doctored.clients[1]!.net.world;
    let ship = -1;
    mirror.alive.forEach((e) => {
      if (ship < 0 && mirror.has(e, Ship)) ship = e;
    });
    mirror.store(Ship).pos.x[ship]! += 1 / 32;
    expect(() => verifyConvergence(doctored)).toThrow(MirrorDivergenceError);
  });
});
