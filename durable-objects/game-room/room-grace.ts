// The grace alarm of a room: a player whose link dropped keeps its seat for the room's
// reconnectGraceMs, and the tick removes it once that ends — but a room with nobody connected
// does not tick (it hibernates, or a deploy reset it), so an alarm, a coarse timer that lets
// the object sleep, wakes it to remove the players nobody resumed. A zone also keeps the alarm
// armed while it ticks: its snapshot holds its players' documents, and after a restart that
// no player comes back to, nothing else would start the object again to let them go (their
// leases held until they expire, the changes since the last save kept from every other room).

import type { RoomRun } from "./room-run.js";

/** The named alarm that removes players nobody resumed while the room did not tick. */
export const GRACE_ALARM = "grace";

/** The shortest watch period of a ticking zone, ms (a room may grant no grace at all). */
const MIN_WATCH_MS = 1_000;

/**
 * When `run`'s grace alarm is due, Unix ms (undefined: none is needed): at the first deadline
 * of a player waiting for its resume, and for a ticking zone within one grace period (the
 * watch that wakes it after a restart).
 */
export function graceAlarmAt(run: Pick<RoomRun, "core" | "zone">, now: number): number | undefined {
  const { core } = run;
  const deadline = core.graceDeadline;
  if (!run.zone || !core.ticking) return deadline;
  const watch = now + Math.max(core.options.reconnectGraceMs, MIN_WATCH_MS);
  return deadline === undefined ? watch : Math.min(deadline, watch);
}

/**
 * The grace alarm ran at `now`: the players whose grace period ended leave (a restored
 * zone's documents with them: saved, their leases released), then a room that does not tick
 * stores the snapshot without them (a ticking room's interval does).
 */
export async function expireUnresumed(
  run: Pick<RoomRun, "core" | "playerData" | "persistence">,
  now: number,
): Promise<void> {
  run.core.expireGrace(now);
  // Saved and let go first: a snapshot still holding their documents would take them back
  // at the next restart, over whatever another room saved since.
  await run.playerData.unresumed();
  if (!run.core.ticking) await run.persistence.save();
}
