// Who may watch a room, decided once a spectator HELLO's credential is verified: anyone
// signed in at a public room (no ticket needed); at a ticket room only the holder of a
// spectator ticket for it, which the Worker mints for the room's members and for moderators
// and admins (POST /v1/rooms/:roomId/spectator-tickets). A join ticket never gets this far:
// verification refuses it in a spectator HELLO (4104), as a spectator ticket in a player's.

import type { CredentialKind } from "../../server/auth/index.js";
import type { RoomConfig } from "../../server/placement/room-config.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import type { HelloRefusal } from "../../shared/room/hello-check.js";

/**
 * Undefined when a spectator with a credential of kind `via` may watch a room made with
 * `config`; otherwise the refusal: 4108 for a plain access token at a ticket room.
 */
export function spectatorRefusal(
  config: Pick<RoomConfig, "access">,
  via: CredentialKind,
): HelloRefusal | undefined {
  if (config.access === "public" || via === "spectate") return undefined;
  return {
    code: CLOSE.TICKET_REQUIRED,
    detail: "watch with the room's spectator ticket (POST /v1/rooms/:roomId/spectator-tickets)",
  };
}
