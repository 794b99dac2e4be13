// Backfill offers: the matchmaker's own rooms that still have free slots, read from session
// search. A room's slots count as taken for RESERVATION_MS after its match (its players have
// tickets but may not have connected yet), so a new match is never backfilled into seats its
// own players are about to take.

import type { PlacementEnv } from "../../server/placement/placement-env.js";
import { SessionRepository } from "../../server/sessions/session-repository.js";
import type { Matcher } from "../../shared/matchmaking/matcher.js";
import { DEFAULT_MATCH_MODES } from "../../shared/matchmaking/mode-options.js";

/** How long after a match its room's capacity counts as reserved, ms. */
export const RESERVATION_MS = 60_000;

/** Offers every mode's open matchmaker rooms to the matcher (failures only skip a round). */
export async function refreshBackfill(
  env: PlacementEnv,
  matcher: Matcher,
  now: number,
): Promise<void> {
  const repo = new SessionRepository(env.DB);
  for (const mode of Object.keys(DEFAULT_MATCH_MODES)) {
    if (!matcher.modeOptions(mode)?.backfill || matcher.waitingCount(mode) === 0) continue;
    try {
      const rooms = await repo.search(
        { mode, kind: "room", hasSpace: true, properties: { matchmaker: mode }, limit: 50 },
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
