// Client–server netcode in one process: the room core and clients over seeded simulated
// links with a manual clock (test/support/netcode-harness.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  type ArenaInput,
  arenaGame,
  MAX_SPEED,
  Ship,
  shipOf,
} from "../../games/arena/index.js";
import type { World } from "../../shared/world/world.js";
import {
  type HarnessClient,
  NetHarness,
  type NetHarnessOptions,
} from "../../test/support/netcode-harness.js";
import { SAMPLE } from "./snapshot-buffer.js";

const { THRUST, LEFT, RIGHT, REVERSE } = ARENA_BUTTON;
/** Frame period of the simulated renderer, ms (60 Hz). */
const FRAME_MS = 16;

function playerOf(c: HarnessClient<ArenaInput>): number {
  return c.net.session.welcome!.playerId;
}

/** Ship fields in lane order: owner, vel.x, vel.y, pos.x, pos.y, heading. */
function shipLanes(world: World, e: number): number[] {
  const s = world.store(Ship);
  return [s.owner[e]!, s.vel.x[e]!, s.vel.y[e]!, s.pos.x[e]!, s.pos.y[e]!, s.heading[e]!];
}

/** A human-like input script: each entry holds its buttons for `ticks` ticks. */
const script = fc.array(
  fc.record({
    buttons: fc.constantFrom(THRUST, THRUST | LEFT, THRUST | RIGHT, LEFT, 0, REVERSE),
    ticks: fc.integer({ min: 3, max: 30 }),
  }),
  { minLength: 4, maxLength: 12 },
);

/** Runs `steps` of `script` on client `c`, rendering every frame; calls `frame` after each. */
function play(
  h: NetHarness<ArenaInput>,
  c: HarnessClient<ArenaInput>,
  steps: { buttons: number; ticks: number }[],
  frame: () => void = () => {},
): void {
  for (const { buttons, ticks } of steps) {
    c.net.setInput({ buttons });
    const until = h.now + (ticks * 1000) / 30;
    while (h.now < until) {
      h.step(FRAME_MS);
      for (const other of h.clients) other.net.render(h.now);
      frame();
    }
  }
}

describe("netcode over a simulated link", () => {
  it("predicts exactly: with no loss, every acknowledged state equals the server's", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 80 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 1000 }),
        script,
        (latencyMs, jitterMs, seed, steps) => {
          const link = { latencyMs, jitterMs };
          const h = new NetHarness(arenaGame, { up: link, down: link, seed });
          const a = h.join("a");
          h.step(1500); // welcome, clock sync, input timing settles
          const server = new Map<number, number[]>();
          h.onTick((tick) => {
            const e = shipOf(h.room.world, playerOf(a));
            server.set(tick, shipLanes(h.room.world, e));
          });
          const before = { ...a.net.predictor!.counters };
          let compared = 0;
          let lastTick = a.net.session.tick;
          play(h, a, steps, () => {
            const tick = a.net.session.tick;
            if (tick === lastTick || !server.has(tick)) return;
            lastTick = tick;
            const ack = a.net.session.ackSeq;
            const slot = a.net.predictor!.slotOf(shipOf(a.net.world, playerOf(a)));
            const predicted = [0, 1, 2, 3, 4, 5].map((l) =>
              a.net.predictor!.historyAt(ack, slot, l),
            );
            // The state the client predicted after input `ack` is the server's, bit for bit.
            expect(predicted).toEqual(server.get(tick));
            compared++;
          });
          expect(compared).toBeGreaterThan(10);
          expect(a.net.predictor!.counters.mispredictions).toBe(before.mispredictions);
          expect(a.closed).toBeUndefined();
        },
      ),
      { numRuns: 6 },
    );
  });

  it("keeps the rendered local ship within 24 units of the server's under 150 ms RTT, 30 ms jitter and 5% loss", () => {
    // Loss on the WebSocket is a retransmission: the frame and those behind it arrive 200 ms
    // late. The room then runs short of inputs and repeats the last one, so the client has
    // truly mispredicted until the snapshot comes back (an RTT later) and the correction
    // fades. Bound: a 200 ms stall less the ~2-tick input buffer starves ≤ 4 ticks, and a
    // repeated input instead of the next one moves a ship ≤ 14 u/tick the wrong way: ≤ 56
    // units in any run. Typically ~2 ticks: the worst frame of a run averages ≤ 24 units (1.5
    // ship radii) over these seeds. Which inputs starve depends on when the input ticks fall,
    // so one seed's worst moves with any change to their timing: over seeds 1–16 the worst
    // runs were 10.8–41.7 units (mean 21.0) before the ticker kept its progress across a
    // dilation change, 11.0–41.6 (mean 22.4) after, so the mean over eight seeds is bounded,
    // not one seed's worst. A settled frame is one at least 150 ms (the arena's correctionMs)
    // after the latest correction.
    const link = { latencyMs: 75, jitterMs: 30, loss: 0.05 };
    const worst: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const h = new NetHarness(arenaGame, { up: link, down: link, seed });
      const a = h.join("a");
      h.step(2000);
      const serverBySeq = new Map<number, [number, number]>();
      const seqAtTick = new Map<number, number>();
      const frames: { seq: number; settled: boolean; x: number; y: number }[] = [];
      let corrections = a.net.predictor!.counters.mispredictions;
      let correctedAt = Number.NEGATIVE_INFINITY;
      h.onTick((tick) => {
        const e = shipOf(h.room.world, playerOf(a));
        const s = h.room.world.store(Ship);
        seqAtTick.set(tick, -1);
        serverBySeq.set(-tick - 1, [s.pos.x[e]!, s.pos.y[e]!]);
      });
      let lastTick = -1;
      const steps = Array.from({ length: 20 }, (_, i) => ({
        buttons: [THRUST, THRUST | LEFT, THRUST, THRUST | RIGHT, 0][i % 5]!,
        ticks: 10 + ((i * 7) % 20),
      }));
      play(h, a, steps, () => {
        // The server state after input s: the first tick whose snapshot acknowledges s.
        const tick = a.net.session.tick;
        if (tick !== lastTick) {
          lastTick = tick;
          const ack = a.net.session.ackSeq;
          const at = serverBySeq.get(-tick - 1);
          if (at && !serverBySeq.has(ack)) serverBySeq.set(ack, at);
        }
        const e = shipOf(a.net.world, playerOf(a));
        const v = a.net.view.store(Ship);
        if (a.net.predictor!.counters.mispredictions !== corrections) {
          corrections = a.net.predictor!.counters.mispredictions;
          correctedAt = h.now;
        }
        frames.push({
          seq: a.net.predictor!.lastSeq,
          // The arena fades a correction over 150 ms.
          settled: h.now - correctedAt > 150,
          x: v.pos.x[e]!,
          y: v.pos.y[e]!,
        });
      });
      let max = 0;
      const errs: number[] = [];
      for (const f of frames) {
        const s0 = serverBySeq.get(f.seq);
        const s1 = serverBySeq.get(f.seq + 1);
        if (!s0 || !s1) continue;
        // The renderer is up to one tick past input `seq`: compare with the segment to `seq + 1`.
        const d = distanceToSegment(f.x, f.y, s0, s1);
        if (f.settled) {
          max = Math.max(max, d);
          errs.push(d);
        }
      }
      worst.push(max);
      errs.sort((x, y) => x - y);
      // Most settled frames are exact: the prediction was right.
      expect(errs[Math.floor(errs.length / 2)]!).toBeLessThan(1e-9);
      expect(a.closed).toBeUndefined();
      expect(a.net.predictor!.counters.mispredictions).toBeGreaterThan(0);
    }
    expect(Math.max(...worst)).toBeLessThanOrEqual(56);
    expect(worst.reduce((a, b) => a + b, 0) / worst.length).toBeLessThanOrEqual(24);
  });

  it("draws remote ships between the snapshots around the render time, except while extrapolating", () => {
    const link = { latencyMs: 60, jitterMs: 40, loss: 0.05 };
    const h = new NetHarness(arenaGame, {
      up: link,
      down: link,
      seed: 9,
      netcode: { interpolation: { delayMs: 100, extrapolateMs: 100 } },
    });
    const a = h.join("a");
    const b = h.join("b");
    h.step(1500);
    let checked = 0;
    let extrapolated = 0;
    const kinds: Record<string, number> = {};
    const steps = Array.from({ length: 12 }, (_, i) => ({
      buttons: [THRUST, THRUST | LEFT, THRUST | RIGHT][i % 3]!,
      ticks: 20,
    }));
    play(h, a, steps, () => {
      const e = shipOf(b.net.world, playerOf(a));
      const { kind, recovering } = b.net.renderStateOf(e, h.now);
      kinds[`${kind}${recovering}`] = (kinds[`${kind}${recovering}`] ?? 0) + 1;
      const v = b.net.view.store(Ship);
      const x = v.pos.x[e]!;
      const y = v.pos.y[e]!;
      const buf = b.net.buffer;
      const n = buf.depth(e);
      if (kind === SAMPLE.INTERPOLATED && !recovering) {
        const t = b.net.renderTick;
        let i = n - 2;
        while (i > 0 && buf.tickAt(e, i) > t) i--;
        // pos.x and pos.y are lanes 3 and 4.
        for (const [lane, value] of [
          [3, x],
          [4, y],
        ] as const) {
          const lo = Math.min(buf.valueAt(e, i, lane), buf.valueAt(e, i + 1, lane));
          const hi = Math.max(buf.valueAt(e, i, lane), buf.valueAt(e, i + 1, lane));
          expect(value).toBeGreaterThanOrEqual(lo - 1e-9);
          expect(value).toBeLessThanOrEqual(hi + 1e-9);
        }
        checked++;
      } else if (kind === SAMPLE.EXTRAPOLATED || kind === SAMPLE.HELD) {
        // At most 100 ms of motion past the newest snapshot, at no more than MAX_SPEED.
        const far = Math.hypot(x - buf.valueAt(e, n - 1, 3), y - buf.valueAt(e, n - 1, 4));
        expect(far).toBeLessThanOrEqual(MAX_SPEED * 0.1 + 1e-6);
        extrapolated++;
      }
    });
    // Over 24 s of frames: most interpolate; 5% loss stalls the stream 200 ms now and then,
    // which the extrapolation bridges.
    expect(checked).toBeGreaterThan(200);
    expect(kinds[`${SAMPLE.INTERPOLATED}false`]).toBe(checked);
    expect(extrapolated).toBeGreaterThan(0);
  });

  it("moves the local ship on the next rendered frame after a key press, and the remote view follows without jumps", () => {
    const link = { latencyMs: 100, jitterMs: 10 };
    const h = new NetHarness(arenaGame, { up: link, down: link, seed: 4 });
    const a = h.join("a");
    const b = h.join("b");
    h.step(1500);
    const own = shipOf(a.net.world, playerOf(a));
    const remote = shipOf(b.net.world, playerOf(a));
    a.net.render(h.now);
    const x0 = a.net.view.store(Ship).pos.x[own]!;
    const y0 = a.net.view.store(Ship).pos.y[own]!;
    a.net.setInput({ buttons: THRUST });
    h.step(1);
    a.net.render(h.now);
    const moved = Math.hypot(
      a.net.view.store(Ship).pos.x[own]! - x0,
      a.net.view.store(Ship).pos.y[own]! - y0,
    );
    expect(moved).toBeGreaterThan(0);
    // The remote view: frame-to-frame steps never exceed what MAX_SPEED allows in a frame
    // (plus 10% for the render clock's slew).
    let last: [number, number] | undefined;
    let biggest = 0;
    play(
      h,
      a,
      [
        { buttons: THRUST, ticks: 60 },
        { buttons: THRUST | LEFT, ticks: 30 },
      ],
      () => {
        const v = b.net.view.store(Ship);
        const p: [number, number] = [v.pos.x[remote]!, v.pos.y[remote]!];
        if (last) biggest = Math.max(biggest, Math.hypot(p[0] - last[0], p[1] - last[1]));
        last = p;
      },
    );
    expect(biggest).toBeGreaterThan(0);
    expect(biggest).toBeLessThanOrEqual(MAX_SPEED * (FRAME_MS / 1000) * 1.1 + 1e-6);
  });

  it("reports exact statistics on a steady link", () => {
    // 50 ms each way, no jitter: the round trip is 100 ms; 30 snapshots and 30 input frames a
    // second, plus one ping a second.
    const options: NetHarnessOptions = { up: { latencyMs: 50 }, down: { latencyMs: 50 } };
    const h = new NetHarness(arenaGame, options);
    const a = h.join("a");
    const samples: number[][] = [];
    a.net.on("stats", (s) =>
      samples.push([
        s.rtt,
        s.updateRate,
        s.messagesOutPerSecond,
        s.loss,
        s.jitter,
        s.mispredictions,
      ]),
    );
    play(h, a, [{ buttons: THRUST, ticks: 150 }]);
    const last = samples.at(-1)!;
    expect(last[0]).toBe(100);
    expect(last[1]).toBeGreaterThanOrEqual(29);
    expect(last[1]).toBeLessThanOrEqual(31);
    expect(last[2]).toBeGreaterThanOrEqual(30);
    expect(last[2]).toBeLessThanOrEqual(32);
    expect(last[3]).toBe(0);
    expect(last[5]).toBe(0);
    const s = a.net.stats!;
    expect(s.bytesInPerSecond).toBeGreaterThan(0);
    expect(s.interpolationDelayMs).toBeGreaterThanOrEqual(100);
    // Ahead of the room by about RTT/2 plus the input buffer: 100 ms ≈ 3 ticks + 1 + 1.
    expect(s.predictionTicks).toBeGreaterThanOrEqual(3);
    expect(s.predictionTicks).toBeLessThanOrEqual(7);
  });

  it("converges to the server's state over an unreliable uplink that drops, duplicates and reorders", () => {
    const h = new NetHarness(arenaGame, {
      up: { latencyMs: 40, jitterMs: 40, loss: 0.2, duplicate: 0.1, ordered: false },
      down: { latencyMs: 40 },
      seed: 5,
    });
    const a = h.join("a");
    h.step(1500);
    play(h, a, [
      { buttons: THRUST | LEFT, ticks: 60 },
      { buttons: THRUST, ticks: 30 },
      { buttons: 0, ticks: 200 },
    ]);
    expect(a.closed).toBeUndefined();
    const e = shipOf(a.net.world, playerOf(a));
    const slot = a.net.predictor!.slotOf(e);
    const seq = a.net.predictor!.lastSeq;
    // At rest after coasting with no buttons: the prediction is the room's state, exactly.
    const predicted = [0, 1, 2, 3, 4, 5].map((l) => a.net.predictor!.historyAt(seq, slot, l));
    expect(predicted).toEqual(shipLanes(h.room.world, shipOf(h.room.world, playerOf(a))));
  });
});

/** Distance from (x, y) to the segment a–b. */
function distanceToSegment(x: number, y: number, a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len));
  return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy);
}
