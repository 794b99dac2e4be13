// The grace alarm of a room: a player whose link dropped keeps its seat for the room's
// reconnectGraceMs, and the tick removes it once that ends — but a room with nobody connected
// does not tick (it hibernates, or a deploy reset it), so an alarm, a coarse timer that lets
// the object sleep, wakes it to remove the players nobody resumed. Every room (a zone or not)
// also keeps the alarm armed while it ticks (WATCH_MS ahead): its snapshot holds its players' seats and
// documents, and after a restart that no player comes back to, nothing else would start the
// object again to let them go (their leases held until they expire, the changes since the
// last 30 s save kept from every other room, the room's history row left open).

import type { RoomRun } from "./room-run.js";

/** The named alarm that removes players nobody resumed while the room did not tick. */
export const GRACE_ALARM = "grace";

/**
 * How far ahead a ticking room keeps its watch, ms. A restarted room must be woken while its
 * players' document leases still hold (90 s after their last renewal, renewed by the 30 s
 * save, so at least 60 s after any restart) or another room may take them and the documents
 * its snapshot holds are dropped: 30 s wakes it with 30 s to spare, at one alarm per 30 s of
 * play (docs/costs.md). The room's grace period (arena 10 s) then runs from the restore.
 */
export const WATCH_MS = 30_000;

/**
 * When `run`'s grace alarm is due, Unix ms (undefined: none is needed): at the first deadline
 * of a player waiting for its resume, and within WATCH_MS while the room ticks (the watch that
 * wakes it after a restart) or a player waits (a room that does not tick has no 30 s save to
 * renew the leases of a longer grace period: the alarm does).
 */
export function graceAlarmAt(run: Pick<RoomRun, "core">, now: number): number | undefined {
  const { core } = run;
  const deadline = core.graceDeadline;
  if (!core.ticking && deadline === undefined) return undefined;
  const watch = now + WATCH_MS;
  return deadline === undefined ? watch : Math.min(deadline, watch);
}

/**
 * The grace alarm ran at `now`: the players whose grace period ended leave (a restored
 * room's documents with them: saved, their leases released), then a room that does not tick
 * stores the snapshot without them (a ticking room's interval does). Players still waiting
 * keep their documents' leases (the save a ticking room runs every 30 s). A room this leaves
 * with no player at all was restarted with players nobody resumed (an emptied room ended its
 * session when it stopped ticking): its history row ends now and it leaves session search.
 */
export async function expireUnresumed(
  run: Pick<RoomRun, "core" | "playerData" | "persistence" | "sessions" | "registry">,
  now: number,
): Promise<void> {
  run.core.expireGrace(now);
  // Saved and let go first: a snapshot still holding their documents would take them back
  // at the next restart, over whatever another room saved since.
  await run.playerData.unresumed();
  if (run.core.ticking) return;
  await run.persistence.save();
  if (run.core.playerCount > 0) return run.playerData.flush();
  run.registry.stop();
  await run.sessions.abandoned(now);
}
