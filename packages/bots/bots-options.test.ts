import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveBotsOptions } from "./bots-options.js";
import { slices } from "./run-bots.js";

const BASE = { url: "http://127.0.0.1:8787/", game: "arena", bots: 4, seconds: 5 };

describe("bots options", () => {
  it("defaults to the room 'bots', one thread per core up to one per bot, 12 handshakes, 30 input frames a second", () => {
    expect(resolveBotsOptions(BASE, 8)).toMatchObject({
      url: "http://127.0.0.1:8787",
      room: "bots",
      mode: undefined,
      threads: 4,
      seed: 1,
      handshakeConcurrency: 12,
      sendRate: 30,
      joinRate: 0,
    });
    expect(resolveBotsOptions({ ...BASE, bots: 100 }, 2).threads).toBe(2);
    expect(resolveBotsOptions({ ...BASE, mode: "duel" }, 2).room).toBeUndefined();
  });

  it("refuses bad values naming the field", () => {
    expect(() => resolveBotsOptions({ ...BASE, url: "ws://x" })).toThrow("url must be");
    expect(() => resolveBotsOptions({ ...BASE, game: "Arena!" })).toThrow("game must be");
    expect(() => resolveBotsOptions({ ...BASE, bots: 0 })).toThrow("bots must be an integer");
    expect(() => resolveBotsOptions({ ...BASE, bots: 1.5 })).toThrow("bots must be an integer");
    expect(() => resolveBotsOptions({ ...BASE, seconds: 0 })).toThrow("seconds must be");
    expect(() => resolveBotsOptions({ ...BASE, room: "a", mode: "b" })).toThrow("room and mode");
    expect(() => resolveBotsOptions({ ...BASE, joinRate: -1 })).toThrow("joinRate must be");
    expect(() => resolveBotsOptions({ ...BASE, joinRate: Number.NaN })).toThrow("joinRate must be");
    expect(() => resolveBotsOptions({ ...BASE, threads: 0 })).toThrow("threads must be");
    expect(() => resolveBotsOptions({ ...BASE, handshakeConcurrency: 0 })).toThrow(
      "handshakeConcurrency",
    );
    expect(() => resolveBotsOptions({ ...BASE, tokens: [] })).toThrow("tokens must hold");
    expect(() => resolveBotsOptions({ ...BASE, sendRate: 0 })).toThrow("sendRate must be");
    expect(resolveBotsOptions({ ...BASE, sendRate: 120 }).sendRate).toBe(120);
    expect(() => resolveBotsOptions({ ...BASE, sendRate: 121 })).toThrow("sendRate must be");
  });

  it("splits bots over threads without loss and keeps the handshakes within the cap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        (bots, threads, handshakes) => {
          const parts = slices(bots, threads, handshakes);
          expect(parts.reduce((n, s) => n + s.count, 0)).toBe(bots);
          let next = 0;
          for (const s of parts) {
            expect(s.first).toBe(next);
            expect(s.count).toBeGreaterThan(0);
            next += s.count;
          }
          // Each thread gets at least one; otherwise the threads' shares add up to the cap.
          const total = parts.reduce((n, s) => n + s.handshakes, 0);
          expect(total).toBeLessThanOrEqual(Math.max(handshakes, parts.length));
        },
      ),
      { seed: 19, numRuns: 300 },
    );
  });
});
