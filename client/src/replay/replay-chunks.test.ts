import { describe, expect, it } from "vitest";
import { arenaGame } from "../../../games/arena/index.js";
import type { ReplayManifest } from "../../../shared/replay/replay-manifest.js";
import { recordMatch } from "../../../test/support/room/recorded-match.js";
import { ReplayChunks } from "./replay-chunks.js";
import { REPLAY_ERROR, ReplayError } from "./replay-error.js";
import { fingerprintHex } from "./replay-manifest-check.js";
import { createReplayPlayer } from "./replay-player.js";

const MATCH = recordMatch(150); // 5 chunks of 30 ticks
const ours = arenaGame.schema.fingerprint >>> 0;

/** Chunk `n`'s bytes with `edit` applied to a copy. */
function doctored(n: number, edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array {
  const bytes = MATCH.chunks[n]!.slice();
  edit(bytes, new DataView(bytes.buffer));
  return bytes;
}

/** What loading chunk `n` of `manifest` through `load` fails with. */
async function refusal(
  load: (n: number) => Promise<Uint8Array>,
  n = 1,
  manifest: ReplayManifest = MATCH.manifest,
): Promise<ReplayError> {
  const e = await new ReplayChunks(manifest, load, 2).load(n).catch((x: unknown) => x);
  if (!(e instanceof ReplayError)) throw new Error(`not refused: ${String(e)}`);
  return e;
}

describe("ReplayChunks", () => {
  it("loads a chunk once, sharing the load between callers, and keeps the last few", async () => {
    const calls: number[] = [];
    const chunks = new ReplayChunks(
      MATCH.manifest,
      async (n) => {
        calls.push(n);
        return MATCH.chunks[n]!;
      },
      2,
    );
    const [a, b] = await Promise.all([chunks.load(1), chunks.load(1)]);
    expect(a).toBe(b);
    expect([a.index, a.firstTick, a.lastTick, a.records[0]!.kind]).toEqual([1, 30, 59, "key"]);
    expect(chunks.get(1)).toBe(a);
    await chunks.load(2);
    chunks.get(1); // 1 is now the most recent
    await chunks.load(3); // evicts 2
    expect([chunks.get(2), chunks.get(1) === a]).toEqual([undefined, true]);
    await chunks.load(2);
    expect(calls).toEqual([1, 2, 3, 2]);
  });

  it("accepts the recorded chunk and refuses one whose header says another schema, naming both", async () => {
    const other = (ours ^ 1) >>> 0;
    const e = await refusal(async () => doctored(1, (_, v) => v.setUint32(6, other, true)));
    expect([e.code, e.message]).toEqual([
      REPLAY_ERROR.INVALID_CHUNK,
      `replay chunk 1: recorded with schema ${fingerprintHex(other)}, the manifest says ${fingerprintHex(ours)}`,
    ]);
  });

  it("refuses a chunk that is not the one its manifest lists", async () => {
    const index = await refusal(async () => doctored(1, (_, v) => v.setUint32(10, 2, true)));
    expect(index.message).toBe("replay chunk 1: its header says it is chunk 2");
    const ticks = await refusal(async () => doctored(1, (_, v) => v.setUint32(14, 31, true)));
    expect(ticks.message).toBe("replay chunk 1: ticks 31..60, the manifest says 30..59");
    const rate = await refusal(async () => doctored(1, (b) => (b[5] = 60)));
    expect(rate.message).toBe("replay chunk 1: 60 Hz, the manifest says 30");
    const sized = MATCH.manifest.chunks.map((c, i) => (i === 1 ? { ...c, bytes: c.bytes + 1 } : c));
    const size = await refusal(async () => MATCH.chunks[1]!, 1, {
      ...MATCH.manifest,
      chunks: sized,
    });
    expect(size.message).toBe(
      `replay chunk 1: ${MATCH.chunks[1]!.length} bytes, the manifest says ${MATCH.chunks[1]!.length + 1}`,
    );
    for (const e of [index, ticks, rate, size]) expect(e.code).toBe(REPLAY_ERROR.INVALID_CHUNK);
  });

  it("refuses bytes that are no chunk, and a chunk format this build does not read", async () => {
    const magic = await refusal(async () => doctored(1, (b) => (b[0] = 0)));
    expect([magic.code, magic.message]).toEqual([
      REPLAY_ERROR.INVALID_CHUNK,
      "replay chunk 1: not a replay chunk (bad magic)",
    ]);
    const format = await refusal(async () => doctored(1, (b) => (b[4] = 1)));
    expect([format.code, format.message]).toEqual([
      REPLAY_ERROR.UNSUPPORTED_FORMAT,
      "replay chunk 1: unsupported replay chunk format 1 (this build reads 2)",
    ]);
    const typed = await refusal(async () => "bytes" as unknown as Uint8Array);
    expect(typed.message).toBe("loadChunk(1) must resolve with a Uint8Array");
  });

  it("reports a failed load as retryable, and loads again on the next call", async () => {
    let fail = true;
    const chunks = new ReplayChunks(
      MATCH.manifest,
      async (n) => {
        if (fail) throw new Error("503 from storage");
        return MATCH.chunks[n]!;
      },
      2,
    );
    const e = (await chunks.load(0).catch((x: unknown) => x)) as ReplayError;
    expect([e.code, e.retryable, e.message]).toEqual([
      REPLAY_ERROR.CHUNK_LOAD_FAILED,
      true,
      "replay chunk 0 did not load: 503 from storage",
    ]);
    fail = false;
    expect((await chunks.load(0)).index).toBe(0);
  });
});

describe("ReplayPlayer with a bad chunk", () => {
  it("rejects the seek, reports the error and pauses; a good seek plays on", async () => {
    const player = createReplayPlayer({
      game: arenaGame,
      manifest: MATCH.manifest,
      loadChunk: async (n) => (n === 2 ? doctored(2, (b) => (b[0] = 0)) : MATCH.chunks[n]!),
    });
    const errors: string[] = [];
    player.on("error", (e) => errors.push(e.code));
    await player.seek(0);
    player.play();
    await expect(player.seek(2_000)).rejects.toThrow("replay chunk 2: not a replay chunk");
    expect(errors).toEqual([REPLAY_ERROR.INVALID_CHUNK]);
    expect(player.playing).toBe(false);
    expect([player.tick, player.time]).toEqual([0, 0]); // still where the world is
    await player.seek(3_000);
    expect(player.tick).toBe(90);
  });
});
