import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JitterBuffer, type JitterBufferOptions, type PlayoutSlot } from "./jitter-buffer.js";
import { voiceSeqAdd } from "./voice-seq.js";

interface Arrival {
  readonly seq: number;
  readonly at: number;
  readonly end?: boolean;
  readonly empty?: boolean;
}

/** A played slot and when it was pulled. */
type Played = PlayoutSlot & { readonly t: number };

/**
 * Runs a buffer over `arrivals` (in time order) on a 1 ms clock until `untilMs`: at each
 * millisecond the frames that arrived are pushed, then every due slot is pulled.
 */
function play(arrivals: Arrival[], untilMs: number, options: JitterBufferOptions = {}) {
  const jb = new JitterBuffer(options);
  const out: Played[] = [];
  let next = 0;
  for (let t = 0; t <= untilMs; t++) {
    while (next < arrivals.length && arrivals[next]!.at <= t) {
      const a = arrivals[next++]!;
      jb.push(
        a.seq,
        a.empty ? new Uint8Array(0) : Uint8Array.of(a.seq & 0xff),
        a.end ?? false,
        a.at,
      );
    }
    for (let slot = jb.pull(t); slot; slot = jb.pull(t)) out.push({ ...slot, t });
  }
  return { jb, out };
}

/** `count` frames from `first`, frame k arriving at `start + 20k + delay(k)` (kept ordered). */
function stream(first: number, count: number, start: number, delay: (k: number) => number) {
  const arrivals: Arrival[] = [];
  let last = 0;
  for (let k = 0; k < count; k++) {
    last = Math.max(last, start + 20 * k + delay(k));
    arrivals.push({ seq: voiceSeqAdd(first, k), at: last, end: k === count - 1 });
  }
  return arrivals;
}

const kinds = (out: Played[]) =>
  out.map((s) => (s.kind === "end" ? "end" : `${s.kind[0]}${s.seq}`));

describe("JitterBuffer", () => {
  it("plays a steady stream in order, the minimum delay after its first frame", () => {
    const { out, jb } = play(
      stream(0, 5, 30, () => 0),
      500,
    );
    expect(kinds(out)).toEqual(["f0", "f1", "f2", "f3", "f4"]);
    // First frame at 30 ms + 40 ms of minimum delay; then one every 20 ms.
    expect(out.map((s) => s.t)).toEqual([70, 90, 110, 130, 150]);
    expect(jb.playing).toBe(false);
    expect(jb.stats).toMatchObject({ received: 5, concealed: 0, late: 0, lost: 0 });
  });

  it("conceals a lost frame once a later one is here, and skips it", () => {
    const arrivals = stream(0, 5, 0, () => 0).filter((a) => a.seq !== 2);
    const { out, jb } = play(arrivals, 500);
    expect(kinds(out)).toEqual(["f0", "f1", "c2", "f3", "f4"]);
    expect(jb.stats).toMatchObject({ lost: 1, concealed: 1 });
  });

  it("waits for a late frame, concealing its slots, and then plays everything", () => {
    // Frames 3.. stall 70 ms behind frame 2 (a WebSocket holding a retransmission).
    const { out, jb } = play(
      stream(0, 6, 0, (k) => (k >= 3 ? 70 : 0)),
      600,
    );
    // Frame 3 is due at 40 + 60 = 100 ms and arrives at 130: slots at 100 and 120 are
    // concealed while it is awaited, then 3, 4, 5 play from 140 on.
    expect(kinds(out)).toEqual(["f0", "f1", "f2", "c3", "c3", "f3", "f4", "f5"]);
    expect(out.at(-1)!.t).toBe(180);
    expect(jb.stats).toMatchObject({ lost: 0, late: 0, concealed: 2 });
    // The stall was measured: the next spurt starts 70 ms after its first frame.
    expect(jb.targetDelayMs).toBe(70);
  });

  it("orders frames across the u16 wrap and ends on a bare end marker", () => {
    const arrivals = stream(0xfffe, 4, 0, () => 0);
    arrivals[3] = { ...arrivals[3]!, empty: true };
    const { out } = play(arrivals, 400);
    expect(kinds(out)).toEqual(["f65534", "f65535", "f0", "end"]);
  });

  it("gives a spurt up after maxWaitSlots of nothing (its end lost), then plays the next", () => {
    const first = stream(0, 3, 0, () => 0).map((a) => ({ ...a, end: false }));
    const { out } = play([...first, ...stream(3, 2, 1000, () => 0)], 1200, { maxWaitSlots: 2 });
    expect(kinds(out)).toEqual(["f0", "f1", "f2", "c3", "c3", "end", "f3", "f4"]);
    // The next spurt starts afresh, 40 ms after its first frame arrived (1000 ms).
    expect(out[6]!.t).toBe(1040);
  });

  it("refuses frames behind the playout and duplicates", () => {
    const jb = new JitterBuffer();
    expect(jb.push(5, new Uint8Array([1]), false, 0)).toBe(true);
    expect(jb.push(5, new Uint8Array([1]), false, 0)).toBe(false);
    expect(jb.pull(40)).toMatchObject({ kind: "frame", seq: 5 });
    expect(jb.push(4, new Uint8Array([1]), false, 41)).toBe(false);
    expect(jb.stats).toMatchObject({ late: 1, dropped: 1 });
  });

  it("gives up a long stall, then sheds its backlog to twice the target and plays on", () => {
    // Frames 2..11 stall until 260 ms and arrive at once; the spurt started at 40 ms.
    const arrivals = stream(0, 12, 0, (k) => (k >= 2 && k < 11 ? 260 - 20 * k : 0));
    const { out, jb } = play(arrivals, 1000, { maxDelayMs: 40 });
    // Frame 2 was due at 80 ms: 5 slots (80..160) wait for it, then the spurt is given up
    // (maxWaitSlots). The backlog restarts 40 ms after it came (300 ms): 2..11 is 180 ms
    // ahead, more than 2 × 40 + 20, so 2..5 are dropped and 6..11 play.
    const played = ["f6", "f7", "f8", "f9", "f10", "f11"];
    expect(kinds(out)).toEqual(["f0", "f1", "c2", "c2", "c2", "c2", "c2", "end", ...played]);
    expect(out[8]!.t).toBe(300);
    expect(jb.stats).toMatchObject({ received: 12, shed: 4, dropped: 0 });
  });

  it("keeps the delay a lone stall measured: the target grows to cover it", () => {
    // Frame 2 comes 60 ms late, with 3..5 queued behind it (at 100 ms); 6.. on time.
    const { out, jb } = play(
      stream(0, 10, 0, (k) => (k === 2 ? 60 : 0)),
      1000,
    );
    // Slot 80 is concealed waiting for 2; with 3 samples of lateness (0, 0, 60) the 95th
    // percentile is 60 ms: 60 ms buffered is no backlog, so all plays, 20 ms later.
    expect(kinds(out)).toEqual(["f0", "f1", "c2", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"]);
    expect(jb.targetDelayMs).toBe(60);
    expect(out.at(-1)!.t).toBe(240);
  });

  it("sheds the backlog behind a rare stall it waited through, back on schedule", () => {
    // 40 frames on time, then frame 40 comes 60 ms late with 41, 42 queued behind it.
    const { out, jb } = play(
      stream(0, 50, 0, (k) => (k === 40 ? 60 : 0)),
      2000,
    );
    // Slot 40 (due at 40 + 800) is concealed waiting; at 860, 40..43 are here: 60 ms behind
    // frame 40 against a 40 ms target (its lateness is 3 of 44 samples, above the 95th
    // percentile), so 40 is dropped, its slot already concealed, and 41 plays where it was due.
    const expected = Array.from({ length: 50 }, (_, k) => (k === 40 ? "c40" : `f${k}`));
    expect(kinds(out)).toEqual(expected);
    expect(out.at(-1)!.t).toBe(40 + 20 * 49);
    expect(jb.stats).toMatchObject({ shed: 1, dropped: 0, concealed: 1, lost: 0 });
  });

  it("does not read a sender's slower clock as growing lateness over a long spurt", () => {
    // 1,000 frames, 20.2 ms apart (a sender clock 1% slow): by the end the spurt's first
    // frame's timeline is 200 ms behind, but within the 100-frame window only 20 ms.
    const arrivals = stream(0, 1000, 0, (k) => 0.2 * k);
    const { jb } = play(arrivals, 21_000);
    expect(jb.targetDelayMs).toBe(40);
    expect(jb.stats.concealed).toBeLessThanOrEqual(10);
  });

  it("refuses options out of range, naming them", () => {
    expect(() => new JitterBuffer({ minDelayMs: -1 })).toThrow("jitter.minDelayMs");
    expect(() => new JitterBuffer({ maxDelayMs: 10, minDelayMs: 20 })).toThrow("jitter.maxDelayMs");
    expect(() => new JitterBuffer({ window: 0 })).toThrow("jitter.window");
  });

  it("plays every frame once, in order, unconcealed, when each comes within the delay", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 60 }),
        (first, jitter, delays) => {
          const arrivals = stream(first, delays.length, 10, (k) => delays[k]! % (jitter + 1));
          const { out, jb } = play(arrivals, 20 * delays.length + 1000, {
            minDelayMs: jitter,
            maxDelayMs: Math.max(jitter, 400),
          });
          expect(kinds(out)).toEqual(arrivals.map((a) => `f${a.seq}`));
          // Each frame plays at its slot: the first arrival plus the delay, 20 ms apart.
          for (const [k, s] of out.entries())
            expect(s.t).toBe(Math.ceil(arrivals[0]!.at + jitter + 20 * k));
          expect(jb.stats.concealed).toBe(0);
        },
      ),
    );
  });

  it("accounts for every frame: refused (late, dropped) or accepted, then played, shed or held", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 120 }), keep: fc.boolean() }), {
          minLength: 1,
          maxLength: 80,
        }),
        (frames) => {
          let at = 0;
          const arrivals: Arrival[] = [];
          frames.forEach((f, k) => {
            at += f.gap;
            if (f.keep) arrivals.push({ seq: k, at, end: k === frames.length - 1 });
          });
          const { out, jb } = play(arrivals, at + 2000);
          const played = out
            .filter((s) => s.kind === "frame")
            .map((s) => (s as { seq: number }).seq);
          // Strictly increasing: nothing plays twice or out of order.
          for (let i = 1; i < played.length; i++)
            expect(played[i]!).toBeGreaterThan(played[i - 1]!);
          const { received, late, dropped } = jb.stats;
          expect(received + late + dropped).toBe(arrivals.length);
          // Every accepted frame is played, shed, or still held.
          expect(played.length + jb.stats.shed + jb.held).toBe(received);
          expect(jb.targetDelayMs).toBeGreaterThanOrEqual(40);
          expect(jb.targetDelayMs).toBeLessThanOrEqual(400);
        },
      ),
    );
  });

  it("plays reordered and duplicated frames (an unreliable channel) at most once, in order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            seq: fc.integer({ min: 0, max: 60 }),
            at: fc.integer({ min: 0, max: 1500 }),
          }),
          { maxLength: 120 },
        ),
        (raw) => {
          const arrivals = [...raw].sort((a, b) => a.at - b.at);
          const { out, jb } = play(arrivals, 3000);
          const played = out.flatMap((s) => (s.kind === "frame" ? [s.seq] : []));
          for (let i = 1; i < played.length; i++)
            expect(played[i]!).toBeGreaterThan(played[i - 1]!);
          const { received, late, dropped } = jb.stats;
          expect(received + late + dropped).toBe(arrivals.length);
          expect(played.length + jb.stats.shed + jb.held).toBe(received);
        },
      ),
    );
  });
});
