// The render clock over arrivals a loaded machine gives: jittered transits, a server that
// stalls and drops the time it could not run (every later snapshot arrives that much later),
// a client that receives nothing for a while and then everything at once, a fresh link whose
// first snapshots came late. However the target moves (by less than SNAP_MS), the render
// time never jumps: each frame it advances between MIN_RATE and MAX_RATE times the frame's
// time, never back; and once arrivals are steady again it is back on its target.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../shared/random/mulberry32.js";
import { MAX_RATE, MIN_RATE, SNAP_MS, SnapshotClock } from "./snapshot-clock.js";

/** The interpolation delay a NetClient asks for: 100 ms, or a tick + 3 × jitter if more. */
function delayTicks(clock: SnapshotClock, tickMs: number): number {
  return Math.max(100 / tickMs, 1 + (3 * clock.jitter) / tickMs);
}

const TROUBLE = fc.record({
  kind: fc.constantFrom("drop", "stall", "fresh"),
  atMs: fc.integer({ min: 0, max: 5000 }),
  ms: fc.integer({ min: 0, max: 600 }),
});

interface Run {
  tickMs: number;
  transitMs: number;
  jitterMs: number;
  frameMs: number;
  trouble: { kind: string; atMs: number; ms: number }[];
  seed: number;
}

/** When each tick's snapshot arrives (local ms), in arrival order. */
function arrivals(r: Run, untilMs: number): { at: number; tick: number }[] {
  const random = mulberry32(r.seed);
  const out: { at: number; tick: number }[] = [];
  for (let tick = 0; tick * r.tickMs < untilMs; tick++) {
    const sent = tick * r.tickMs;
    let at = sent + r.transitMs + random() * r.jitterMs;
    for (const t of r.trouble) {
      // The server dropped `ms` at `atMs`: its later ticks all run that much later.
      if (t.kind === "drop" && sent >= t.atMs) at += t.ms;
      // The first second's snapshots came `ms` late (a fresh link on a busy machine).
      if (t.kind === "fresh" && sent < 1000) at += t.ms;
    }
    // The client read nothing from `atMs` for `ms`, then everything at once.
    for (const t of r.trouble)
      if (t.kind === "stall" && at >= t.atMs && at < t.atMs + t.ms) at = t.atMs + t.ms;
    // One ordered stream (a WebSocket): a late snapshot holds back those behind it.
    out.push({ at: Math.max(at, out.at(-1)?.at ?? 0), tick });
  }
  return out;
}

describe("the render clock", () => {
  it("never jumps nor runs back for errors under SNAP_MS, and settles back on its target", () => {
    const run = fc.record({
      tickMs: fc.constantFrom(1000 / 60, 1000 / 30, 50),
      transitMs: fc.integer({ min: 0, max: 100 }),
      jitterMs: fc.integer({ min: 0, max: 30 }),
      frameMs: fc.constantFrom(1, 7, 16, 33, 50, 100),
      // Together well under SNAP_MS, with the delay a jitter spike adds.
      trouble: fc
        .array(TROUBLE, { maxLength: 3 })
        .filter((ts) => ts.reduce((n, t) => n + t.ms, 0) <= 700),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(run, (r) => {
        const untilMs = 16_000;
        const clock = new SnapshotClock(r.tickMs);
        const due = arrivals(r, untilMs);
        let next = 0;
        let before = Number.NaN;
        let slowest = Number.POSITIVE_INFINITY;
        let fastest = Number.NEGATIVE_INFINITY;
        for (let now = 0; now < untilMs - 1000; now += r.frameMs) {
          while (next < due.length && due[next]!.at <= now) {
            clock.onSnapshot(due[next]!.tick, due[next]!.at);
            next++;
          }
          const rt = clock.renderTick(now, delayTicks(clock, r.tickMs));
          // As rates of real time (expect per frame is slow over 15,000 frames).
          const rate = ((rt - before) * r.tickMs) / r.frameMs;
          if (rate < slowest) slowest = rate;
          if (rate > fastest) fastest = rate;
          before = rt;
        }
        expect(slowest).toBeGreaterThanOrEqual(MIN_RATE - 1e-9);
        expect(fastest).toBeLessThanOrEqual(MAX_RATE + 1e-9);
        expect(clock.snaps).toBe(0);
        // Ten steady seconds after the last trouble: on target within a tenth of a tick.
        const now = untilMs - 1000;
        const target = clock.latestTick(now) - delayTicks(clock, r.tickMs);
        expect(Math.abs(clock.renderTick(now, delayTicks(clock, r.tickMs)) - target)).toBeLessThan(
          0.1,
        );
      }),
      { numRuns: 100 },
    );
  });

  it("snaps when the target moved further than SNAP_MS (a server frozen for seconds)", () => {
    const tickMs = 50;
    const clock = new SnapshotClock(tickMs);
    const frozenMs = SNAP_MS + 1500;
    let jumped = 0;
    let before = Number.NaN;
    // Ticks 0–59 arrive 20 ms after they are due; the server then freezes and drops the
    // time: tick 60 on arrives frozenMs later. Once the window forgot the early samples,
    // the target is frozenMs back, past what slowing down makes up in reasonable time.
    for (let now = 0; now < 10_000; now += 10) {
      for (let tick = 0; tick < 200; tick++) {
        const at = tick * tickMs + 20 + (tick >= 60 ? frozenMs : 0);
        if (at > now - 10 && at <= now) clock.onSnapshot(tick, at);
      }
      const rt = clock.renderTick(now, 2);
      if (!Number.isNaN(before)) jumped = Math.min(jumped, rt - before);
      before = rt;
    }
    expect(clock.snaps).toBe(1);
    expect(jumped * tickMs).toBeLessThan(-SNAP_MS);
  });
});
