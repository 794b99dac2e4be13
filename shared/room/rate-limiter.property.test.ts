// The message rate limit against delivery as networks and rooms make it: an honest client's
// traffic, however bunched by a network stall up to the idle timeout or by the room's own
// freezes, is never cut; a sustained flood above the rate is, within burst / excess seconds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limiter.js";
import { DEFAULT_ROOM_OPTIONS } from "./room-options.js";

const { messagesPerSecond: RATE, messageBurst: BURST, idleTimeoutMs } = DEFAULT_ROOM_OPTIONS;
/** A client at the default send rate: 30 input frames and one ping a second. */
const HONEST_PER_SECOND = 31;

/** An interval [at, at + ms) of a timeline, ms. */
interface Stall {
  readonly at: number;
  readonly ms: number;
}

/**
 * Up to six stalls of at most `maxMs` each, in order, at least a second apart (back-to-back
 * stalls are one longer stall).
 */
const stalls = (maxMs: number) =>
  fc
    .array(
      fc.record({
        gap: fc.integer({ min: 1000, max: 20_000 }),
        ms: fc.integer({ min: 0, max: maxMs }),
      }),
      {
        maxLength: 6,
      },
    )
    .map((list) => {
      let t = 0;
      return list.map(({ gap, ms }): Stall => {
        const at = t + gap;
        t = at + ms;
        return { at, ms };
      });
    });

/** When a frame sent at `t` gets through `stalls` (held to the end of any it falls in). */
function through(t: number, list: readonly Stall[]): number {
  let out = t;
  for (const s of list) if (out >= s.at && out < s.at + s.ms) out = s.at + s.ms;
  return out;
}

describe("RateLimiter under bunched delivery", () => {
  it("never cuts an honest client through network stalls up to the idle timeout and any room freeze", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Math.ceil(1000 / HONEST_PER_SECOND), max: 1000 }),
        fc.integer({ min: 0, max: 300 }),
        stalls(idleTimeoutMs),
        stalls(30_000),
        (periodMs, latencyMs, network, room) => {
          const limiter = new RateLimiter(RATE, BURST, 0);
          // The room's stalled time: the freezes that ended by the time it reads a frame.
          const stalledBy = (t: number) =>
            room.reduce((sum, s) => sum + (s.at + s.ms <= t ? s.ms : 0), 0);
          let lastRead = 0;
          for (let sent = 0; sent < 60_000; sent += periodMs) {
            // In order, as TCP delivers them; read once the room runs again.
            const arrived = Math.max(lastRead, through(sent + latencyMs, network));
            const read = Math.max(arrived, through(arrived, room));
            lastRead = read;
            if (!limiter.take(read, stalledBy(read))) return false;
          }
          return true;
        },
      ),
      { seed: 19, numRuns: 400 },
    );
  });

  it("cuts a sustained flood above the rate within burst / excess seconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: RATE + 1, max: 5_000 }), (perSecond) => {
        const limiter = new RateLimiter(RATE, BURST, 0);
        const bound = (BURST / (perSecond - RATE)) * 1000 + 1000 / perSecond;
        for (let i = 0; ; i++) {
          const t = (i * 1000) / perSecond;
          if (!limiter.take(t)) return t <= bound;
          if (t > bound) return false;
        }
      }),
      { seed: 19, numRuns: 200 },
    );
  });

  it("gives a room freeze's deepening once: a flood after it is cut as before", () => {
    const limiter = new RateLimiter(RATE, BURST, 0);
    // A 10 s freeze: up to BURST + 10 × RATE frames read at once are fine…
    let taken = 0;
    while (limiter.take(10_000, 10_000)) taken++;
    expect(taken).toBe(BURST + 10 * RATE);
    // …and then only the rate, with no stall to draw on.
    expect(limiter.take(10_000 + 1000 / RATE + 1, 10_000)).toBe(true);
    expect(limiter.take(10_000 + 1000 / RATE + 1, 10_000)).toBe(false);
  });
});
