// A join ticket lives 60 s: long enough to take a seat, not to come back to it. A world
// client opens its first zone link with the ticket the world's join gave it, and a redial
// after a cut presents that ticket again with the seat's resume token: it holds no other
// credential for that zone. Past its expiry the ticket still proves whose it is (the
// signature, audience and room check out), so a zone admits it for that account's resume
// only (hello-policy.ts): the seat's resume token, handed over in the WELCOME, is the
// credential that lasts.

import { decodeJwt } from "jose";
import { type Credential, type KeyRing, verifyRoomToken } from "../../server/auth/index.js";

/**
 * The credential of join ticket `token` for room `roomId` if it is genuine and expired at
 * `now` (Unix ms): verified as of one second before its expiry. Undefined for anything else
 * (a ticket not valid yet is refused as such).
 */
export async function lapsedJoinTicket(
  ring: KeyRing,
  token: string,
  roomId: string,
  now: number,
): Promise<Credential | undefined> {
  let exp: unknown;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    return undefined;
  }
  // The expiry only picks the instant to verify at: the signature is checked all the same.
  if (typeof exp !== "number" || !Number.isFinite(exp) || exp * 1000 > now) return undefined;
  const r = await verifyRoomToken(ring, token, roomId, exp * 1000 - 1000, "player");
  return r.ok && r.credential.kind === "join" ? r.credential : undefined;
}
