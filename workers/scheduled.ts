// The Worker's scheduled handler, run by the cron triggers of wrangler.toml ([triggers]):
// the sweep of dead rooms' history rows, usage retention and replay retention. Awaited rather
// than left to waitUntil, so a failing run is reported as a failed cron invocation, and the
// next run starts over where it stopped.

import { SESSION_TTL_MS } from "../durable-objects/game-room/session-registry.js";
import { deleteUsageBefore } from "../server/metering/usage-repository.js";
import { usageCutoff, usageRetentionDays } from "../server/metering/usage-retention.js";
import { deleteExpiredReplays, replayRetentionDays } from "../server/replays/replay-retention.js";
import { RoomHistoryRepository } from "../server/rooms/room-history-repository.js";
import type { Env } from "./env.js";

/**
 * One scheduled run at `scheduledTime` (Unix ms): ends the room_sessions rows of rooms that
 * died without ending them (no live registration in session search), deletes the usage rows
 * older than USAGE_RETENTION_DAYS, and the replays (D1 rows and R2 objects) older than
 * REPLAY_RETENTION_DAYS. A deployment without a REPLAYS bucket has none.
 * @example
 * export default { scheduled: (controller, env) => runScheduled(env, controller.scheduledTime) };
 */
export async function runScheduled(env: Env, scheduledTime: number): Promise<void> {
  await new RoomHistoryRepository(env.DB).endUnregistered(scheduledTime, SESSION_TTL_MS);
  await deleteUsageBefore(env.DB, usageCutoff(scheduledTime, usageRetentionDays(env)));
  if (!env.REPLAYS) return;
  const days = replayRetentionDays(env);
  const run = await deleteExpiredReplays(env.DB, env.REPLAYS, scheduledTime, days);
  // A backlog one run could not clear (a retention just shortened, runs missed) is worth a
  // line in the log; routine runs are not.
  if (!run.complete)
    console.warn(
      `replay retention (${days} days): ${run.replays} replays, ${run.objects} objects deleted; more next run`,
    );
}
