// SNAPSHOTs that come late over an unreliable channel (reordered, duplicated, on a baseline
// the mirror is not at) are ignored and counted; on the reliable channel they stay errors.
import { describe, expect, it } from "vitest";
import { type ArenaInput, arenaGame } from "../../games/arena/index.js";
import { RoomCore } from "../../shared/room/room-core.js";
import { NetClient } from "./net-client.js";
import type { NetStatsSample } from "./net-stats.js";
import { resolveNetcodeOptions } from "./netcode-options.js";

/** A room with unreliable snapshots, one client core, and the frames the room sent it. */
function joined() {
  const frames: Uint8Array[] = [];
  const sink = {
    send: (_: string, b: Uint8Array) => frames.push(b.slice()),
    close() {},
    setTicking() {},
  };
  const room = new RoomCore(arenaGame, "r", sink, { snapshotChannel: "unreliable" });
  const options = {
    sendRate: 30,
    maxInputsPerFrame: 8,
    pingIntervalMs: 1000,
    netcode: resolveNetcodeOptions(),
  };
  const net = new NetClient<ArenaInput>(arenaGame, options, () => {});
  let now = 0;
  room.open("a", now);
  room.receive("a", net.hello("ada", ""), now);
  for (const f of frames.splice(0)) net.receive(f, now); // WELCOME, PLAYER_JOINED
  /** Runs `n` ticks; returns their SNAPSHOT frames (FULL each: nothing acknowledged). */
  const ticks = (n: number) => {
    for (let i = 0; i < n; i++) {
      now += room.tickIntervalMs;
      room.update(now);
    }
    return frames.splice(0);
  };
  return { net, ticks, now: () => now };
}

describe("stale snapshots", () => {
  it("are ignored and counted on the unreliable channel: reordered and duplicated ones", () => {
    const { net, ticks, now } = joined();
    const [t0, t1, t2] = ticks(3);
    const got = [t1, t0, t1, t2].map((f) => net.receive(f!, now(), "unreliable"));
    expect(got.map((r) => (r.ok ? r.value.type : r.error))).toEqual([
      "snapshot",
      "stale-snapshot",
      "stale-snapshot",
      "snapshot",
    ]);
    expect([net.session.tick, net.counters.staleSnapshots, net.counters.updates]).toEqual([
      2, 2, 2,
    ]);
  });

  it("stay protocol errors on the reliable channel", () => {
    const { net, ticks, now } = joined();
    const [t0, t1] = ticks(2);
    expect(net.receive(t1!, now(), "reliable").ok).toBe(true);
    const late = net.receive(t0!, now(), "reliable");
    expect(late).toMatchObject({ ok: false, error: expect.stringContaining("stale full state") });
    expect(net.counters.staleSnapshots).toBe(0);
  });

  it("show in the stats sample, with the path the adapter set", () => {
    const { net, ticks, now } = joined();
    const [t0, t1] = ticks(2);
    net.path = "simulated";
    net.receive(t1!, now(), "unreliable");
    net.receive(t0!, now(), "unreliable");
    const samples: NetStatsSample[] = [];
    net.on("stats", (s) => samples.push(s));
    net.update(now());
    net.update(now() + 1_000); // statsIntervalMs later
    expect(samples.map((s) => [s.path, s.staleSnapshots])).toEqual([["simulated", 1]]);
  });
});
