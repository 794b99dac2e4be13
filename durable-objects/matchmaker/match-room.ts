// Whether a match's room still takes its players. A placed room nobody came to closes at its
// no-show deadline (durable-objects/game-room/room-no-show.ts) and from then on answers 410
// room_closed to everything, tickets included; a matched ticket is kept (and polled) for
// minutes after, so the matchmaker asks the room before minting it a join ticket — only once
// that deadline may have passed, so a ticket polled as the match is made costs no call.

import type { PlacementEnv } from "../../server/placement/placement-env.js";
import { ROOM_ID_HEADER } from "../../server/placement/room-address.js";
import { ROOM_PATH } from "../../server/placement/room-config.js";
import { ROOM_NO_SHOW_MS } from "../game-room/room-no-show.js";
import type { MatchAssignment } from "./matchmaker-records.js";

/**
 * True when the room of `assignment` closed for a no-show. A backfill's room was running
 * past its deadline when the match was made (backfill offers come from rooms that stayed), so
 * it is never asked; a match's room closes ROOM_NO_SHOW_MS after its configuration at the
 * earliest, which came after `matchedAt` (the matcher's pass time, taken before placing it).
 * A room that cannot be asked counts as open: the ticket is minted as before, and a closed
 * room refuses it (410) itself.
 */
export async function matchRoomClosed(
  env: Pick<PlacementEnv, "GAME_ROOM">,
  assignment: MatchAssignment,
  matchedAt: number,
  now: number,
): Promise<boolean> {
  if (assignment.backfill || now < matchedAt + ROOM_NO_SHOW_MS) return false;
  const { roomId } = assignment;
  try {
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
    const res = await stub.fetch(`https://room.internal${ROOM_PATH.INFO}`, {
      headers: { [ROOM_ID_HEADER]: roomId },
    });
    await res.body?.cancel();
    return res.status === 410;
  } catch (e) {
    console.error(`matchmaker: asking room ${roomId} whether it closed failed`, e);
    return false;
  }
}
