// Which verified HELLOs a room admits, after their credential checked out (admission.ts):
// a spectator by the room's spectator policy, a player by its access policy — a member, a
// join ticket for this room, or the resume of a seat it holds. A world's zone admits any
// holder of a join ticket for it (the world route placed them), not a guest list, and an
// expired one (lapsed-ticket.ts) for the resume of its account's seat only.

import type { RoomConfig } from "../../server/placement/room-config.js";
import type { HelloMessage } from "../../shared/protocol/client-messages.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import type { HelloRefusal } from "../../shared/room/hello-check.js";
import { accessRefusal } from "../../shared/room/room-access.js";
import type { AdmissionDecision } from "./admission.js";
import { spectatorRefusal } from "./spectator-access.js";

/**
 * The room's verdict on `hello`, whose credential was `decision` (a refusal stays one).
 * @param resumes whether the room would give `accountId` a seat back for `token`
 */
export function helloPolicy(
  config: RoomConfig,
  hello: HelloMessage,
  decision: AdmissionDecision,
  resumes: (token: string, accountId: string) => boolean,
): AdmissionDecision {
  if (!decision.ok) return decision;
  const { accountId, via, lapsed } = decision.identity;
  let refused: HelloRefusal | undefined;
  if (hello.role === "spectator") refused = spectatorRefusal(config, via);
  else {
    const resuming = resumes(hello.resume, accountId);
    // The first link's redial after the ticket's minute: the seat's resume token is what
    // admits it. Anywhere else, or with no seat to resume, the ticket is simply expired.
    if (lapsed && !(config.zone && resuming))
      return { ok: false, code: CLOSE.EXPIRED_CREDENTIALS, detail: "token expired" };
    // A player's verified credential is an access token or a join ticket for this room.
    const credential = via === "join" ? "join" : "access";
    // A zone's policy: any holder of its join ticket; a bare access token needs its resume.
    const policy = config.zone ? { access: config.access, members: [accountId] } : config;
    refused = accessRefusal(policy, { accountId, via: credential, resuming });
  }
  return refused ? { ok: false, code: refused.code, detail: refused.detail ?? "" } : decision;
}
