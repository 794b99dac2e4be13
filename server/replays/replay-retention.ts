// Retention: replays are kept REPLAY_RETENTION_DAYS (a wrangler var) after their match
// started, then deleted — D1 rows first (so nothing listed points at deleted objects), then
// the R2 objects. Object keys sort by the match's start time (replay-keys.ts), so the expired
// objects are the first ones under `replays/`, including the chunks of recordings whose room
// died before writing a manifest. The Worker's scheduled handler runs this; every run is
// idempotent and bounded, and the next run continues what one left.

import { keyBoundBefore, REPLAY_KEY_PREFIX } from "./replay-keys.js";
import { ReplayRepository } from "./replay-repository.js";

/** Days a replay is kept when REPLAY_RETENTION_DAYS is unset. */
export const DEFAULT_REPLAY_RETENTION_DAYS = 30;

/** The longest retention accepted, days (ten years). */
export const MAX_REPLAY_RETENTION_DAYS = 3650;

/** One day, ms. */
export const DAY_MS = 86_400_000;

/** R2 returns and deletes at most 1000 keys per call. */
const KEYS_PER_CALL = 1000;

/** Calls of each kind one run makes at most: 10,000 objects a run. */
const MAX_PAGES_PER_RUN = 10;

/** REPLAY_RETENTION_DAYS holds a value edgetick cannot use. */
export class ReplayConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayConfigError";
  }
}

/**
 * The retention in days from the environment (a var: a string, or a number in a wrangler
 * table); throws ReplayConfigError naming the variable for anything but a whole number of
 * days from 1 to 3650.
 * @default 30
 */
export function replayRetentionDays(env: { readonly REPLAY_RETENTION_DAYS?: string | number }) {
  const raw = env.REPLAY_RETENTION_DAYS;
  if (raw === undefined || raw === "") return DEFAULT_REPLAY_RETENTION_DAYS;
  const days = typeof raw === "number" ? raw : /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_REPLAY_RETENTION_DAYS)
    throw new ReplayConfigError(
      `REPLAY_RETENTION_DAYS: ${JSON.stringify(raw)} is not a whole number of days from 1 to ${MAX_REPLAY_RETENTION_DAYS}`,
    );
  return days;
}

/** What one retention run deleted. */
export interface RetentionRun {
  /** Replay rows deleted. */
  readonly replays: number;
  /** R2 objects deleted (chunks and manifests). */
  readonly objects: number;
  /** False when the run stopped at its bound with expired objects left for the next one. */
  readonly complete: boolean;
}

/**
 * Deletes every replay whose match started more than `days` days before `now` (Unix ms):
 * its row and players in D1, then its objects in `bucket`, at most 10,000 objects a run.
 */
export async function deleteExpiredReplays(
  db: D1Database,
  bucket: R2Bucket,
  now: number,
  days: number,
): Promise<RetentionRun> {
  const cutoff = now - days * DAY_MS;
  const replays = await new ReplayRepository(db).deleteStartedBefore(cutoff);
  const bound = keyBoundBefore(cutoff);
  let objects = 0;
  for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
    // Always the first page: what the last call deleted is gone from the listing (R2 lists
    // consistently), so the expired keys left are again the first ones.
    const listed = await bucket.list({ prefix: REPLAY_KEY_PREFIX, limit: KEYS_PER_CALL });
    const expired = listed.objects.map((o) => o.key).filter((key) => key < bound);
    if (expired.length > 0) await bucket.delete(expired);
    objects += expired.length;
    const more = listed.truncated && expired.length === listed.objects.length;
    if (!more) return { replays, objects, complete: true };
  }
  return { replays, objects, complete: false };
}
