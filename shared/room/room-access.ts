// Who may join a room, decided once a HELLO's credential is verified: anyone signed in at a
// public room; at a ticket room only the accounts it was made for, joining with a join
// ticket, or resuming the player they already have with any credential of theirs (a ticket
// lives a minute; a resume may come later).

import type { RoomAccess } from "../game/game-module.js";
import { CLOSE } from "../protocol/close-codes.js";
import type { HelloRefusal } from "./hello-check.js";

/** What a room admits. */
export interface AccessPolicy {
  readonly access: RoomAccess;
  /** The accounts a ticket room was made for. */
  readonly members?: readonly string[];
}

/** A verified HELLO: whose, with what kind of credential, and whether it resumes a player. */
export interface AccessRequest {
  readonly accountId: string;
  /** "join": a join ticket for this room; "access": a plain access token. */
  readonly via: "access" | "join";
  /** True when the HELLO's resume token belongs to this account's player in the room. */
  readonly resuming: boolean;
}

/**
 * Undefined when `request` may join under `policy`; otherwise the refusal (4108 for a plain
 * token at a ticket room, 4109 for an account the room was not made for).
 */
export function accessRefusal(
  policy: AccessPolicy,
  request: AccessRequest,
): HelloRefusal | undefined {
  if (policy.access === "public") return undefined;
  const member = policy.members?.includes(request.accountId) === true;
  if (!member && request.via === "join")
    return { code: CLOSE.NOT_INVITED, detail: "the room was made for other players" };
  if (member && (request.via === "join" || request.resuming)) return undefined;
  return { code: CLOSE.TICKET_REQUIRED, detail: "join with the room's ticket" };
}
