// A replay's manifest: what was recorded (game, schema fingerprint, tick rate, ticks,
// duration, players) and its chunks in order. JSON, validated on arrival with zod (a stored
// or downloaded manifest is hostile input like any other); the chunk list must tile the
// replay's ticks exactly, so a player can map any time to one chunk.

import { z } from "zod";
import { err, ok, type Result } from "../codec/result.js";
import { MAX_REPLAY_CHUNK_TICKS } from "./replay-chunk.js";

/** The manifest layout this build writes and reads. */
export const REPLAY_MANIFEST_FORMAT = 1;

const u32 = z.number().int().min(0).max(0xffff_ffff);

/** A player who was in the recorded match. */
export const ReplayPlayer = z.object({
  playerId: z.number().int().min(1).max(0xffff),
  name: z.string().min(1).max(64),
  /** The account the player joined as, when the host verified one. */
  accountId: z.string().min(1).max(128).optional(),
});

/** A recorded player. */
export type ReplayPlayer = z.infer<typeof ReplayPlayer>;

/** One chunk of a replay (ReplayChunkInfo). */
export const ReplayChunkEntry = z.object({
  index: u32,
  firstTick: u32,
  lastTick: u32,
  /** The chunk's size, bytes. */
  bytes: z.number().int().min(1),
});

/** What a replay holds, and where. */
export const ReplayManifest = z
  .object({
    format: z.literal(REPLAY_MANIFEST_FORMAT),
    roomId: z.string().min(1).max(64),
    /** The game's name (`game.name`). */
    game: z.string().regex(/^[a-z0-9-]{1,32}$/),
    /** The fingerprint of the game schema the states were encoded with (`schema.fingerprint`). */
    schema: u32,
    /** The room's fixed simulation rate, Hz. */
    tickRate: z.number().int().min(1).max(120),
    /** The first recorded tick (the first chunk's keyframe) and the last. */
    startTick: u32,
    endTick: u32,
    /** `(endTick − startTick + 1) × 1000 / tickRate`, rounded: the match time recorded, ms. */
    durationMs: z.number().int().min(0),
    /** Ticks between keyframes inside chunks (every chunk also starts with one). */
    keyframeTicks: z.number().int().min(1).max(0xffff),
    /** The host's clock at the first and the last recorded tick, ms since the Unix epoch. */
    startedAt: z.number().finite(),
    endedAt: z.number().finite(),
    /** Everyone who played while the room recorded. */
    players: z.array(ReplayPlayer).max(4096),
    /** The chunks in order: they tile startTick..endTick with no gap and no overlap. */
    chunks: z.array(ReplayChunkEntry).min(1).max(1_000_000),
  })
  .superRefine((m, ctx) => {
    if (m.endTick < m.startTick) ctx.addIssue({ code: "custom", message: "endTick < startTick" });
    if (m.endedAt < m.startedAt) ctx.addIssue({ code: "custom", message: "endedAt < startedAt" });
    let next = m.startTick;
    for (const [i, c] of m.chunks.entries()) {
      const where = `chunks[${i}]`;
      if (c.index !== i) ctx.addIssue({ code: "custom", message: `${where}.index must be ${i}` });
      if (c.firstTick !== next)
        ctx.addIssue({ code: "custom", message: `${where}.firstTick must be ${next}` });
      if (c.lastTick < c.firstTick || c.lastTick - c.firstTick >= MAX_REPLAY_CHUNK_TICKS)
        ctx.addIssue({ code: "custom", message: `${where} spans a bad tick range` });
      next = c.lastTick + 1;
    }
    if (next !== m.endTick + 1)
      ctx.addIssue({ code: "custom", message: `the chunks end at ${next - 1}, not endTick` });
  });

/** A replay's manifest. */
export type ReplayManifest = z.infer<typeof ReplayManifest>;

/** Validates a manifest already parsed from JSON (or any value). */
export function decodeReplayManifest(value: unknown): Result<ReplayManifest> {
  const parsed = ReplayManifest.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  const path = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return err(`invalid replay manifest: ${path}${issue.message}`);
}

/** Parses and validates a manifest from JSON text (a download, a stored object). */
export function parseReplayManifest(text: string): Result<ReplayManifest> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err("invalid replay manifest: not JSON");
  }
  return decodeReplayManifest(value);
}

/** The chunk holding `tick`, by binary search (undefined outside the replay). */
export function chunkOfTick(
  manifest: Pick<ReplayManifest, "chunks">,
  tick: number,
): ReplayManifest["chunks"][number] | undefined {
  const chunks = manifest.chunks;
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = chunks[mid]!;
    if (tick < c.firstTick) hi = mid - 1;
    else if (tick > c.lastTick) lo = mid + 1;
    else return c;
  }
  return undefined;
}

/** Time recorded for ticks `startTick..endTick` at `tickRate`, ms. */
export function replayDurationMs(startTick: number, endTick: number, tickRate: number): number {
  return Math.round(((endTick - startTick + 1) * 1000) / tickRate);
}
