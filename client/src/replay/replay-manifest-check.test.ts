import { describe, expect, it } from "vitest";
import { arenaGame } from "../../../games/arena/index.js";
import { recordMatch } from "../../../test/support/room/recorded-match.js";
import { REPLAY_ERROR, ReplayError } from "./replay-error.js";
import { checkReplayManifest, fingerprintHex } from "./replay-manifest-check.js";
import { createReplayPlayer } from "./replay-player.js";

const { manifest } = recordMatch(40);
const ours = arenaGame.schema.fingerprint >>> 0;

/** The error checkReplayManifest throws for `value`. */
function refusal(value: unknown): ReplayError {
  try {
    checkReplayManifest(arenaGame, value);
  } catch (e) {
    if (e instanceof ReplayError) return e;
    throw e;
  }
  throw new Error("accepted");
}

describe("checkReplayManifest", () => {
  it("accepts the manifest of a replay of this game and schema, as JSON read back", () => {
    const read = JSON.parse(JSON.stringify(manifest));
    expect(checkReplayManifest(arenaGame, read)).toEqual(manifest);
  });

  it("refuses another schema fingerprint, naming both", () => {
    const other = (ours ^ 0x10) >>> 0;
    const e = refusal({ ...manifest, schema: other });
    expect(e.code).toBe(REPLAY_ERROR.SCHEMA_MISMATCH);
    expect(e.message).toBe(
      `the replay was recorded with arena schema ${fingerprintHex(other)}, this build of arena has schema ${fingerprintHex(ours)}: replays play only with the schema they were recorded with (play it with that build)`,
    );
    expect(e.retryable).toBe(false);
  });

  it("refuses a format this build does not read before validating the rest", () => {
    const e = refusal({ format: 2, whatever: true });
    expect([e.code, e.message]).toEqual([
      REPLAY_ERROR.UNSUPPORTED_FORMAT,
      "unsupported replay manifest format 2 (this build reads 1): update the client to play it",
    ]);
  });

  it("refuses another game's replay", () => {
    const e = refusal({ ...manifest, game: "connect-four" });
    expect([e.code, e.message]).toEqual([
      REPLAY_ERROR.WRONG_GAME,
      'the replay is of game "connect-four", not "arena": play it with that game\'s definition',
    ]);
  });

  it("refuses a manifest that does not validate, naming the field", () => {
    const gap = manifest.chunks.map((c, i) => (i === 1 ? { ...c, firstTick: c.firstTick + 1 } : c));
    const e = refusal({ ...manifest, chunks: gap });
    expect(e.code).toBe(REPLAY_ERROR.INVALID_MANIFEST);
    expect(e.message).toContain("chunks[1].firstTick must be 30");
    expect(refusal(null).code).toBe(REPLAY_ERROR.INVALID_MANIFEST);
    expect(refusal("{}").code).toBe(REPLAY_ERROR.INVALID_MANIFEST);
  });

  it("is what createReplayPlayer refuses with, before loading anything", () => {
    const loads: number[] = [];
    const create = () =>
      createReplayPlayer({
        game: arenaGame,
        manifest: { ...manifest, schema: (ours + 1) >>> 0 },
        loadChunk: async (n) => {
          loads.push(n);
          return new Uint8Array();
        },
      });
    expect(create).toThrow(ReplayError);
    expect(create).toThrow(`this build of arena has schema ${fingerprintHex(ours)}`);
    expect(loads).toEqual([]);
  });
});
