// Session tickets as the Worker hands them out: a short-lived token for one peer session's
// signaling socket, where to open that socket, and when the ticket expires. The same ticket
// admits its holder once: a peer that reconnects (after a drop, or to a migrated host) asks
// POST /v1/sessions/:sessionId/join for a fresh one.

import { type KeyRing, type SessionTicketClaims, signSessionTicket } from "../auth/index.js";

/** Lifetime of a session ticket, s: enough to open the signaling socket. */
export const SESSION_TICKET_TTL_S = 60;

/** A session ticket and where it is used. */
export interface IssuedSessionTicket {
  readonly ticket: string;
  /** The signaling socket's path: open `<origin><signalUrl>?ticket=<ticket>`. */
  readonly signalUrl: string;
  /** When the ticket stops opening the socket, Unix ms. */
  readonly expiresAt: number;
}

/** The path of peer session `sessionId`'s signaling socket. */
export function signalPath(sessionId: string): string {
  return `/v1/sessions/${sessionId}/signal`;
}

/**
 * Signs a session ticket with the ring's current key.
 * @example
 * const { ticket, signalUrl } = await mintSessionTicket(ring, credential, { sessionId, role: "peer", name: "ada" }, Date.now());
 */
export async function mintSessionTicket(
  ring: KeyRing,
  subject: { readonly accountId: string; readonly roles: readonly string[] },
  claims: SessionTicketClaims,
  now: number,
): Promise<IssuedSessionTicket> {
  const ttlS = SESSION_TICKET_TTL_S;
  const ticket = await signSessionTicket(ring, subject, claims, { now, ttlS });
  return {
    ticket,
    signalUrl: signalPath(claims.sessionId),
    expiresAt: (Math.floor(now / 1000) + ttlS) * 1000,
  };
}
