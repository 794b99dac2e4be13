// Fault campaign: a client that stops reading, on wrangler dev. Three honest players and one
// whose client keeps writing (its inputs) but no longer reads its socket: TCP backs up and the
// updates it acknowledges stop advancing. The room must cut it with 4301 (SLOW_CONSUMER)
// within its idle timeout of unacknowledged updates (10 s), not after its byte backlog
// (1 MiB behind the kernel's buffers, minutes on a quiet room) — while the honest players
// keep receiving every tick on time, at their usual round trip. The stalled client reads
// again at the end to read the close frame the room sent it. A client that stops sending as
// well (a frozen process, a dead link both ways) must be cut by the idle timeout (4300).
import { type NetStatsSample, type RoomConnection, roomUrl } from "@edgetick/client";
import { describe, expect, inject, it } from "vitest";
import { ARENA_BUTTON, type ArenaInput } from "../../games/arena/index.js";
import { eventually } from "../support/eventually.js";
import { signInGuest } from "../support/guest.js";
import { joinArena } from "./arena-player.js";
import { campaignRounds, fakeAddress, pause, report } from "./campaign.js";
import { StalledReader } from "./stalled-reader.js";

/** Stalled readers, one after another: 1 in CI, 3 in the full form. */
const ROUNDS = campaignRounds(1, 3);
/** Longest the room may take to cut a reader that stopped, ms: its 10 s idle timeout and slack. */
const CUT_WITHIN_MS = 30_000;
const SLOW_CONSUMER = 4301;
const IDLE_TIMEOUT = 4300;

/** What an honest player saw over a span: snapshot gaps and round trips. */
class Watch {
  ticks = 0;
  maxGapMs = 0;
  readonly rtts: number[] = [];
  #last = 0;

  constructor(room: RoomConnection<ArenaInput>) {
    room.on("snapshot", () => {
      const now = performance.now();
      if (this.#last > 0) this.maxGapMs = Math.max(this.maxGapMs, now - this.#last);
      this.#last = now;
      this.ticks++;
    });
    room.on("stats", (s: NetStatsSample) => {
      if (s.rtt > 0) this.rtts.push(s.rtt);
    });
  }

  /** Starts a new span. */
  reset(): void {
    this.ticks = 0;
    this.maxGapMs = 0;
    this.rtts.length = 0;
  }

  get rttP99(): number {
    const sorted = [...this.rtts].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
  }
}

/** How a stalled client goes quiet, and the close the room must answer it with. */
interface Stall {
  readonly label: string;
  readonly stop: (reader: StalledReader) => void;
  readonly code: number;
}

/**
 * Three honest players in a fresh room, then `ROUNDS` stalled clients one after another: each
 * plays a while, stalls, must be cut with `stall.code` within CUT_WITHIN_MS while the honest
 * players keep their ticks and round trips; reading again, it reads that close frame.
 */
async function campaign(stall: Stall): Promise<void> {
  const base = inject("faultsServerUrl");
  const url = roomUrl(base, `faults-stalled-reader-${crypto.randomUUID()}`);
  const honest = await Promise.all(
    ["ada", "bob", "cy"].map((name, i) => joinArena(base, url, name, i + 1)),
  );
  const closes: number[] = [];
  const watches = honest.map((room, i) => {
    room.on("state", ({ close }) => close && closes.push(close.code));
    // Ships turning every tick: every snapshot carries changes.
    room.setInput({ buttons: i % 2 ? ARENA_BUTTON.LEFT : ARENA_BUTTON.RIGHT });
    return new Watch(room);
  });
  const lines: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const name = `stalled${round}`;
    const { accessToken } = await signInGuest(base, undefined, name, fakeAddress(10 + round));
    const reader = await StalledReader.join(url, name, accessToken);
    const id = reader.playerId;
    let gone = false;
    const off = honest[0]!.on("player-status", (e) => {
      if (e.playerId === id && !e.connected) gone = true;
    });
    // A span of normal play to compare with.
    for (const w of watches) w.reset();
    await pause(3_000);
    const before = watches.map((w) => ({ ticks: w.ticks, rttP99: w.rttP99 }));
    for (const w of watches) w.reset();
    stall.stop(reader);
    const stoppedAt = performance.now();
    await eventually(() => gone, `the room cuts ${name}`, CUT_WITHIN_MS);
    const cutMs = performance.now() - stoppedAt;
    off();
    const during = watches.map((w) => ({
      ticksPerSecond: (w.ticks * 1000) / cutMs,
      maxGapMs: w.maxGapMs,
      rttP99: w.rttP99,
    }));
    reader.resumeReading();
    await eventually(() => reader.close !== undefined, `${name} reads its close frame`, 60_000);
    expect(reader.close!.code).toBe(stall.code);
    reader.end();
    for (const [i, d] of during.entries()) {
      // 30 ticks a second; a busy shared machine may delay a few, never stop them.
      expect(d.ticksPerSecond).toBeGreaterThan(20);
      expect(d.maxGapMs).toBeLessThan(2_000);
      // Round trips as before the stall, give or take a busy machine's scheduling.
      expect(d.rttP99).toBeLessThan(Math.max(3 * before[i]!.rttP99, before[i]!.rttP99 + 250));
    }
    lines.push(
      `${name}: cut with ${reader.close!.code} "${reader.close!.reason}" ${(cutMs / 1000).toFixed(1)} s after it ${stall.label}; honest players during the stall: ${during
        .map(
          (d, i) =>
            `${d.ticksPerSecond.toFixed(1)} ticks/s, max gap ${d.maxGapMs.toFixed(0)} ms, RTT p99 ${d.rttP99.toFixed(1)} ms (before ${before[i]!.rttP99.toFixed(1)} ms)`,
        )
        .join("; ")}`,
    );
  }
  expect(closes).toEqual([]);
  report(`stalled client (${stall.label}): ${lines.join(" | ")}`);
  for (const room of honest) room.close();
}

const TIMEOUT_MS = 60_000 + ROUNDS * (CUT_WITHIN_MS + 70_000);

describe("a client that stops reading", () => {
  it(
    `is cut by the room with ${SLOW_CONSUMER} (${ROUNDS}×), the other players' ticks and round trips unaffected`,
    () =>
      campaign({
        label: "stopped reading",
        stop: (reader) => reader.stopReading(),
        code: SLOW_CONSUMER,
      }),
    TIMEOUT_MS,
  );

  // Its inputs stop too: nothing arrives and nothing is read, so TCP holds back the room's
  // sends and the byte backlog stays behind the kernel's buffers; the room's idle check
  // (nothing heard for 10 s) is what must cut it.
  it(
    `is cut with ${IDLE_TIMEOUT} when it stops sending as well (${ROUNDS}×), the other players unaffected`,
    () =>
      campaign({
        label: "stopped reading and sending",
        stop: (reader) => {
          reader.stopSending();
          reader.stopReading();
        },
        code: IDLE_TIMEOUT,
      }),
    TIMEOUT_MS,
  );
});
