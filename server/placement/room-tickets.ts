// Join tickets minted by the objects that place rooms (the Worker's POST
// /v1/rooms/:id/tickets mints the same kind, with the same lifetime).

import { loadKeyRing, signJoinTicket } from "../auth/index.js";

/** Lifetime of a join ticket, s (as workers/auth/token-lifetimes.ts JOIN_TICKET_S). */
export const JOIN_TICKET_TTL_S = 60;

/** A join ticket for one room and when it expires (Unix ms). */
export interface IssuedTicket {
  readonly ticket: string;
  readonly roomId: string;
  readonly expiresAt: number;
}

/**
 * Signs a join ticket for `roomId` with the ring's current key.
 * @example
 * const { ticket } = await mintRoomTicket(env, { accountId, roles }, "lobby-ABC123-1", Date.now());
 */
export async function mintRoomTicket(
  env: { readonly AUTH_KEYS?: string },
  subject: { readonly accountId: string; readonly roles: readonly string[] },
  roomId: string,
  now: number,
): Promise<IssuedTicket> {
  const ring = await loadKeyRing(env.AUTH_KEYS);
  const ticket = await signJoinTicket(ring, subject, roomId, { now, ttlS: JOIN_TICKET_TTL_S });
  return { ticket, roomId, expiresAt: (Math.floor(now / 1000) + JOIN_TICKET_TTL_S) * 1000 };
}
