import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chunkKey,
  keyBoundBefore,
  manifestKey,
  newReplayId,
  REPLAY_ID_PATTERN,
  replayStartedAt,
} from "./replay-keys.js";

/** Fills bytes with `seed`, seed + 1, … (a deterministic stand-in for crypto). */
const counting = (seed: number) => (bytes: Uint8Array) => {
  for (let i = 0; i < bytes.length; i++) bytes[i] = (seed + i) & 0xff;
};

describe("replay ids and keys", () => {
  it("spells an id as rp_, the start time in 12 hex digits and 12 random hex digits", () => {
    // 1767225600000 = 0x019b_76da_a800 (2026-01-01T00:00:00Z).
    const id = newReplayId(1_767_225_600_000, counting(0xa0));
    expect(id).toBe("rp_019b76daa800a0a1a2a3a4a5");
    expect(REPLAY_ID_PATTERN.test(id)).toBe(true);
    expect(replayStartedAt(id)).toBe(1_767_225_600_000);
    expect(chunkKey(id, 7)).toBe("replays/rp_019b76daa800a0a1a2a3a4a5/7");
    expect(manifestKey(id)).toBe("replays/rp_019b76daa800a0a1a2a3a4a5/manifest.json");
  });

  it("answers no start time for a malformed id", () => {
    expect(replayStartedAt("rp_019b76daa800a0a1a2a3a4a")).toBeUndefined();
    expect(replayStartedAt("rp_019B77289C00A0A1A2A3A4A5")).toBeUndefined();
    expect(replayStartedAt("rp_019b76daa800a0a1a2a3a4a5")).toBe(1_767_225_600_000);
  });

  it("puts every object of a replay started before the cutoff below its bound, and no other", () => {
    const time = fc.integer({ min: 0, max: 2 ** 48 - 1 });
    fc.assert(
      fc.property(
        time,
        time,
        fc.integer({ min: 0, max: 255 }),
        fc.nat(99),
        (start, cutoff, seed, n) => {
          const id = newReplayId(start, counting(seed));
          const bound = keyBoundBefore(cutoff);
          for (const key of [chunkKey(id, n), manifestKey(id)])
            expect(key < bound).toBe(start < cutoff);
        },
      ),
    );
  });
});
