// The usage meter keeps every count whatever the minutes and flushes do: over random events,
// awake spans and takes, the rows' sums equal the counts added and the time awake, each row's
// counts fall in the minute they happened, and no row is written empty.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minuteOf, UsageMeter, type UsageRow } from "./usage-meter.js";

const LABELS = {
  kind: "room",
  objectId: "r",
  matchId: "r",
  game: "arena",
  mode: "arena",
  region: "",
} as const;

type Event =
  | { readonly dt: number; readonly op: "add"; readonly n: number }
  | { readonly dt: number; readonly op: "awake" | "asleep" | "take" };

const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    dt: fc.integer({ min: 0, max: 90_000 }),
    op: fc.constant("add" as const),
    n: fc.integer({ min: 1, max: 1000 }),
  }),
  fc.record({
    dt: fc.integer({ min: 0, max: 90_000 }),
    op: fc.constantFrom("awake" as const, "asleep" as const, "take" as const),
  }),
);

describe("UsageMeter", () => {
  it("loses nothing across minutes, awake spans and partial takes", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const meter = new UsageMeter(() => LABELS);
        const rows: UsageRow[] = [];
        let now = 1_767_225_000_000;
        let added = 0;
        let awakeSince: number | undefined;
        let awakeMs = 0;
        for (const e of events) {
          now += e.dt;
          if (e.op === "add") {
            meter.add("wsMessagesIn", e.n, now);
            added += e.n;
            // Flushed at once: the next add lands in a fresh row of the same minute.
            rows.push(...meter.take(now));
          } else if (e.op === "awake") {
            meter.awake(true, now);
            awakeSince ??= now;
          } else if (e.op === "asleep") {
            meter.awake(false, now);
            if (awakeSince !== undefined) awakeMs += now - awakeSince;
            awakeSince = undefined;
          } else rows.push(...meter.take(now));
        }
        rows.push(...meter.take(now));
        if (awakeSince !== undefined) awakeMs += now - awakeSince;
        expect(rows.reduce((s, r) => s + r.wsMessagesIn, 0)).toBe(added);
        expect(rows.reduce((s, r) => s + r.activeMs, 0)).toBe(awakeMs);
        for (const r of rows) {
          expect(r.minute).toBe(minuteOf(r.minute));
          // A minute holds at most a minute of awake time.
          expect(r.activeMs).toBeLessThanOrEqual(60_000);
          expect(r.wsMessagesIn + r.activeMs).toBeGreaterThan(0);
          expect(r.game).toBe("arena");
        }
      }),
      { seed: 16, numRuns: 500 },
    );
  });

  it("keeps the largest peak and the worst tick durations of a minute", () => {
    const meter = new UsageMeter(() => LABELS);
    const t = 1_767_225_000_000;
    meter.peak("playersPeak", 3, t);
    meter.peak("playersPeak", 2, t + 1);
    meter.ticked(1, 4, t + 2);
    meter.ticked(2, 3, t + 3);
    const [row] = meter.take(t + 4);
    expect(row).toMatchObject({ playersPeak: 3, tickMsP50: 2, tickMsP99: 4 });
    expect(meter.take(t + 5)).toEqual([]);
  });
});
