// A client clock that jumps back (a corrected system clock, a restored VM) must not stop the
// client's pings and stats for as long as the jump: they are due again at once.
import { describe, expect, it } from "vitest";
import { type ArenaInput, arenaGame } from "../../games/arena/index.js";
import { CLIENT_OP } from "../../shared/protocol/opcodes.js";
import { RoomCore } from "../../shared/room/room-core.js";
import { NetClient } from "./net-client.js";
import { resolveNetcodeOptions } from "./netcode-options.js";

describe("NetClient after its clock jumps back", () => {
  it("pings and samples stats within an interval, not after the jump", () => {
    const frames: Uint8Array[] = [];
    const room = new RoomCore(arenaGame, "r", {
      send: (_: string, b: Uint8Array) => frames.push(b.slice()),
      close() {},
      setTicking() {},
    });
    const sent: Uint8Array[] = [];
    const options = {
      sendRate: 30,
      maxInputsPerFrame: 8,
      pingIntervalMs: 1000,
      netcode: resolveNetcodeOptions(),
    };
    const net = new NetClient<ArenaInput>(arenaGame, options, (b) => sent.push(b.slice()));
    let now = 100_000;
    room.open("a", now);
    room.receive("a", net.hello("ada", ""), now);
    for (const f of frames.splice(0)) net.receive(f, now);
    let samples = 0;
    net.on("stats", () => samples++);
    const pings = () => sent.filter((b) => b[0] === CLIENT_OP.PING).length;
    for (let i = 0; i < 200; i++) {
      now += 16;
      net.update(now);
    }
    const before = pings();
    const sampled = samples;
    now -= 60_000; // the clock goes back a minute
    for (let i = 0; i < 150; i++) {
      now += 16;
      net.update(now);
    }
    // 2.4 s after the jump: at least two more pings (one a second), as without the jump.
    expect(pings() - before).toBeGreaterThanOrEqual(2);
    expect(samples - sampled).toBeGreaterThanOrEqual(1);
  });
});
