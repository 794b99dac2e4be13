// Backfill offers: the matchmaker's own rooms that still have free slots, read from session
// search. A room's slots count as taken for RESERVATION_MS after its match (its players have
// tickets but may not have connected yet), so a new match is never backfilled into seats its
// own players are about to take.

import { parseQueueKey } from "../../server/games/queue-key.js";
import type { PlacementEnv } from "../../server/placement/placement-env.js";
import { SessionRepository } from "../../server/sessions/session-repository.js";
import type { Matcher } from "../../shared/matchmaking/matcher.js";

/** How long after a match its room's capacity counts as reserved, ms. */
export const RESERVATION_MS = 60_000;

/** Offers each queue's open matchmaker rooms to the matcher (failures only skip a round). */
export async function refreshBackfill(
  env: PlacementEnv,
  matcher: Matcher,
  queues: readonly string[],
  now: number,
): Promise<void> {
  const repo = new SessionRepository(env.DB);
  for (const mode of queues) {
    if (!matcher.modeOptions(mode)?.backfill || matcher.waitingCount(mode) === 0) continue;
    const { game, mode: gameMode } = parseQueueKey(mode)!;
    try {
      // The matchmaker sees its own private rooms: it made them ("*": every viewer's).
      const rooms = await repo.search(
        {
          viewer: "*",
          game,
          mode: gameMode,
          kind: "room",
          hasSpace: true,
          properties: { matchmaker: mode },
          limit: 50,
        },
        now,
      );
      for (const room of rooms) {
        if (!room.region || now - room.createdAt < RESERVATION_MS) continue;
        const rating = room.properties.rating;
        matcher.openSession({
          sessionId: room.sessionId,
          mode,
          regionId: room.region,
          freeSlots: room.capacity - room.players,
          rating: typeof rating === "number" ? rating : 0,
        });
      }
    } catch (e) {
      console.error(`matchmaker ${mode}: reading backfill offers failed`, e);
    }
  }
}
