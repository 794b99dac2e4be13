// Closing a placed room nobody came to. The matchmaker, a lobby's start and join-or-create
// configure a room and hand out tickets for it; if it is still empty ROOM_NO_SHOW_MS later
// (nobody joined, or the few who did left for good), it closes: its configuration is dropped
// and a mark kept instead, so a late ticket, a late backfill or a second configure is refused
// with 410 room_closed rather than reviving it; its session-search entry is removed and any
// history row it left open is ended. The check is a named alarm (the object sleeps meanwhile),
// never a timer.

import { PLACED_ROOM_TTL_MS } from "../../server/placement/place-room.js";
import { RoomHistoryRepository } from "../../server/rooms/room-history-repository.js";
import { SessionRepository } from "../../server/sessions/session-repository.js";
import type { RoomCore } from "../../shared/room/room-core.js";
import { refusal } from "./room-configuration.js";

/**
 * How long a placed room waits for its players before it closes, ms: as long as its
 * placement's search entry lives (PLACED_ROOM_TTL_MS), so a room is never offered for
 * backfill after it closed. Tickets are minted when a player asks, so this bounds how late a
 * matched player may come, not how old its ticket is.
 */
export const ROOM_NO_SHOW_MS = PLACED_ROOM_TTL_MS;

/** The named alarm of the check. */
export const NO_SHOW_ALARM = "no-show";

/** Storage key of the mark a closed room keeps (its configuration is deleted). */
export const ROOM_CLOSED_KEY = "room-closed";

/** What a closed room remembers. */
export interface RoomClosedMark {
  /** Unix ms. */
  readonly closedAt: number;
  readonly reason: "no-show";
}

/**
 * Whether a room is unclaimed at its deadline: no connection open (it is not ticking) and no
 * player seated or waiting out a grace period. `core` is undefined for a room never built
 * (no socket ever reached it).
 */
export function unclaimed(core: RoomCore<unknown> | undefined): boolean {
  return core === undefined || (!core.ticking && core.playerCount === 0);
}

/** The answer to anything asked of a closed room. */
export function closedRefusal(roomId: string, mark: RoomClosedMark): Response {
  const when = new Date(mark.closedAt).toISOString();
  return refusal(
    410,
    "room_closed",
    `room ${roomId} closed at ${when}: nobody was in it ${ROOM_NO_SHOW_MS / 1000} s after its placement`,
  );
}

/**
 * Takes a closed room out of session search and ends any history row it left open. Failures
 * are logged: the entry expires on its own and the scheduled sweep ends the row.
 */
export async function forgetClosedRoom(db: D1Database, roomId: string, now: number) {
  try {
    await new SessionRepository(db).remove(roomId);
    await new RoomHistoryRepository(db).endOpen(roomId, now);
  } catch (e) {
    console.error(`room ${roomId}: forgetting the closed room failed`, e);
  }
}
