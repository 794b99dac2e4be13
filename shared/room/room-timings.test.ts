// A room's own figures: durations of its ticks by part, over the rolling window and since it
// was built, and the frames it sent and read.
import { describe, expect, it } from "vitest";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { encodePing } from "../protocol/client-messages.js";
import { RoomTimings, WINDOW_SECONDS } from "./room-timings.js";

/** A test host whose clock moves 0.25 ms at every reading: each timed part lasts 0.25 ms. */
class TimedHost extends TestRoomHost {
  readings = 0;
  bytesSent = 0;
  clock(): number {
    return ++this.readings * 0.25;
  }
  override send(conn: string, bytes: Uint8Array): void {
    this.bytesSent += bytes.byteLength;
    super.send(conn, bytes);
  }
}

/** Runs `n` ticks of `timings` whose clock is `t`, each part lasting `ms[k]`. */
function tick(timings: RoomTimings, t: { now: number }, ms: readonly [number, number, number]) {
  timings.tickStarted();
  t.now += ms[0];
  timings.stepped();
  t.now += ms[1];
  timings.encoded();
  t.now += ms[2];
  timings.tickEnded();
}

describe("RoomTimings", () => {
  it("summarizes each part of the ticks: p50, p99, max and mean", () => {
    const t = { now: 0 };
    const timings = new RoomTimings(() => t.now);
    timings.at(5_000);
    // 99 ticks of 1 + 2 + 3 ms and one of 10 + 20 + 30 ms.
    for (let i = 0; i < 99; i++) tick(timings, t, [1, 2, 3]);
    tick(timings, t, [10, 20, 30]);
    const w = timings.window(5_500);
    expect(w.ticks).toBe(100);
    // Bucket middles: 1 ms lies in [0.992, 1.024), 6 ms in [5.888, 6.144).
    expect(w.stepMs?.p50).toBeCloseTo(1.008, 3);
    expect(w.tickMs?.p50).toBeCloseTo(6.016, 3);
    // The 99th of 100 samples is still a 6 ms tick; the max is the slow one.
    expect(w.tickMs?.p99).toBeCloseTo(6.016, 3);
    expect(w.tickMs?.max).toBe(60);
    // (99 × 6 + 60) / 100
    expect(w.tickMs?.mean).toBeCloseTo(6.54, 3);
    expect(w.sendMs?.max).toBe(30);
  });

  it("forgets seconds older than the window, and keeps them in the total", () => {
    const t = { now: 0 };
    const timings = new RoomTimings(() => t.now);
    timings.at(0);
    tick(timings, t, [40, 0, 0]);
    timings.at(WINDOW_SECONDS * 1000);
    tick(timings, t, [1, 0, 0]);
    const w = timings.window(WINDOW_SECONDS * 1000 + 500);
    expect(w.ticks).toBe(1);
    expect(w.tickMs?.max).toBe(1);
    const total = timings.total(WINDOW_SECONDS * 1000 + 500);
    expect(total.ticks).toBe(2);
    expect(total.tickMs?.max).toBe(40);
    expect(total.ms).toBe(WINDOW_SECONDS * 1000 + 500);
  });

  it("turns traffic into rates over the time the window covers", () => {
    const timings = new RoomTimings();
    timings.at(10_000);
    for (let i = 0; i < 50; i++) timings.sent(100);
    timings.at(11_000);
    for (let i = 0; i < 50; i++) timings.received(10);
    const w = timings.window(12_000);
    // 2 s covered since the first reading: 5,000 B and 50 frames out, 500 B and 50 in.
    expect(w.bytesOutPerSecond).toBe(2_500);
    expect(w.messagesOutPerSecond).toBe(25);
    expect(w.bytesInPerSecond).toBe(250);
    expect(w.messagesInPerSecond).toBe(25);
    // No clock: counts only.
    expect(w.tickMs).toBeNull();
  });
});

describe("RoomCore.stats", () => {
  it("times the room's ticks with the host's clock and counts what it sent and read", () => {
    const host = new TimedHost();
    host.join("a");
    host.join("b");
    host.advance(30);
    const ping = new ByteWriter();
    encodePing(ping, 0);
    host.receive("a", ping.toBytes());
    const stats = host.room.stats(host.now);
    expect(stats.timed).toBe(true);
    expect(stats.players).toBe(2);
    expect(stats.connectedPlayers).toBe(2);
    expect(stats.budgetMs).toBeCloseTo(1000 / stats.tickRate, 9);
    expect(stats.total.ticks).toBe(30);
    // Four readings a tick, 0.25 ms apart: three parts of 0.25 ms, 0.75 ms in all.
    expect(stats.total.stepMs?.max).toBe(0.25);
    expect(stats.total.tickMs?.max).toBe(0.75);
    expect(stats.total.tickMs?.mean).toBe(0.75);
    // Every byte the host was handed, over the 1 s the room has run.
    const seconds = stats.total.ms / 1000;
    expect(stats.total.bytesOutPerSecond).toBeCloseTo(host.bytesSent / seconds, 0);
    // Two HELLOs and the PING went through receive.
    expect(stats.total.messagesInPerSecond).toBeCloseTo(3 / seconds, 1);
  });

  it("keeps counts without durations when the host has no clock", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.advance(3);
    const stats = host.room.stats(host.now);
    expect(stats.timed).toBe(false);
    expect(stats.total.ticks).toBe(3);
    expect(stats.total.tickMs).toBeNull();
    expect(stats.total.bytesOutPerSecond).toBeGreaterThan(0);
  });
});
