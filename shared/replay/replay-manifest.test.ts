import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chunkOfTick,
  decodeReplayManifest,
  parseReplayManifest,
  type ReplayManifest,
  replayDurationMs,
} from "./replay-manifest.js";

const MANIFEST: ReplayManifest = {
  format: 1,
  roomId: "lobby",
  game: "arena",
  schema: 0x0a0b_0c0d,
  tickRate: 30,
  startTick: 100,
  endTick: 699,
  durationMs: 20_000,
  keyframeTicks: 60,
  startedAt: 1_767_225_600_000,
  endedAt: 1_767_225_620_000,
  players: [
    { playerId: 1, name: "ada", accountId: "acc-1" },
    { playerId: 2, name: "bob" },
  ],
  chunks: [
    { index: 0, firstTick: 100, lastTick: 399, bytes: 5120 },
    { index: 1, firstTick: 400, lastTick: 699, bytes: 4096 },
  ],
};

const refusal = (value: unknown) => {
  const r = decodeReplayManifest(value);
  return r.ok ? "accepted" : r.error;
};

describe("replay manifests", () => {
  it("accept a well-formed manifest and survive a JSON round trip", () => {
    expect(decodeReplayManifest(MANIFEST)).toEqual({ ok: true, value: MANIFEST });
    expect(parseReplayManifest(JSON.stringify(MANIFEST))).toEqual({ ok: true, value: MANIFEST });
    expect(replayDurationMs(100, 699, 30)).toBe(20_000);
  });

  it("refuses text that is not JSON, and another format beside format 1", () => {
    expect(parseReplayManifest("{")).toEqual({
      ok: false,
      error: "invalid replay manifest: not JSON",
    });
    expect(refusal({ ...MANIFEST, format: 2 })).toMatch(/^invalid replay manifest: format: /);
    expect(refusal(null)).toMatch(/^invalid replay manifest/);
  });

  it("refuses chunks that leave a gap, overlap, are out of order or miss the ends", () => {
    const [a, b] = MANIFEST.chunks as [ReplayManifest["chunks"][0], ReplayManifest["chunks"][0]];
    expect(refusal({ ...MANIFEST, chunks: [a, { ...b, firstTick: 401 }] })).toMatch(
      /chunks\[1\]\.firstTick must be 400/,
    );
    expect(refusal({ ...MANIFEST, chunks: [a, { ...b, firstTick: 399 }] })).toMatch(
      /chunks\[1\]\.firstTick must be 400/,
    );
    expect(refusal({ ...MANIFEST, chunks: [b, a] })).toMatch(/chunks\[0\]\.index must be 0/);
    expect(refusal({ ...MANIFEST, chunks: [a] })).toMatch(/the chunks end at 399, not endTick/);
    expect(refusal({ ...MANIFEST, chunks: [] })).toMatch(/chunks/);
    expect(refusal({ ...MANIFEST, chunks: [{ ...a, lastTick: 99 }, b] })).toMatch(/bad tick range/);
  });

  it("refuses out-of-range fields beside accepted neighbours", () => {
    expect(refusal({ ...MANIFEST, tickRate: 121 })).toMatch(/tickRate/);
    expect(refusal({ ...MANIFEST, tickRate: 120 })).toBe("accepted");
    expect(refusal({ ...MANIFEST, schema: 2 ** 32 })).toMatch(/schema/);
    expect(refusal({ ...MANIFEST, schema: 2 ** 32 - 1 })).toBe("accepted");
    expect(refusal({ ...MANIFEST, game: "Arena" })).toMatch(/game/);
    expect(refusal({ ...MANIFEST, keyframeTicks: 0 })).toMatch(/keyframeTicks/);
    expect(refusal({ ...MANIFEST, players: [{ playerId: 0, name: "x" }] })).toMatch(/players/);
    expect(refusal({ ...MANIFEST, players: [{ playerId: 1, name: "" }] })).toMatch(/players/);
    expect(refusal({ ...MANIFEST, endedAt: MANIFEST.startedAt - 1 })).toMatch(/endedAt/);
    expect(refusal({ ...MANIFEST, endTick: 99 })).toMatch(/endTick < startTick/);
  });

  it("never throw on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(decodeReplayManifest(v).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("find the chunk holding any tick, and none outside the replay", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (tick) => {
        const c = chunkOfTick(MANIFEST, tick);
        if (tick < 100 || tick > 699) expect(c).toBeUndefined();
        else expect(c?.index).toBe(tick < 400 ? 0 : 1);
      }),
    );
  });
});
