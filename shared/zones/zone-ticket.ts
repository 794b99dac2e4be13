// Handoff tickets: what the current zone gives a client so the next zone admits it ahead of
// the crossing. The ticket is a bearer secret in HELLO's token field: a 128-bit nonce the
// issuing zone also sent the next zone over the DO-to-DO channel ("expect"), so the next
// zone needs no key to check it, only its own table of expected travellers. Single use;
// it expires after the declaration's ticketTtlMs. Nonces come from the room's resume-token
// source (resume-token.ts: the host's crypto randomness). Text: `zt1:<from>:<to>:<nonce 32 hex>`.

import { err, ok, type Result } from "../codec/result.js";
import type { ZoneId } from "./zone-grid.js";

/** The prefix that tells a zone host a HELLO token is a ticket, not an access token. */
export const TICKET_PREFIX = "zt1:";

/** A ticket's parts. */
export interface ZoneTicket {
  /** The zone that issued it (the traveller's current zone). */
  readonly from: ZoneId;
  /** The zone it admits to. */
  readonly to: ZoneId;
  /** 32 lowercase hex characters; names the handoff on both zones. */
  readonly nonce: string;
}

/** The ticket's text, for HELLO's token. */
export function encodeTicket(t: ZoneTicket): string {
  return `${TICKET_PREFIX}${t.from}:${t.to}:${t.nonce}`;
}

/** Whether a HELLO token is meant as a ticket (the host then checks it with the zone). */
export function isTicket(token: string): boolean {
  return token.startsWith(TICKET_PREFIX);
}

const ZONE_ID = /^[0-9A-Za-z./_-]{1,64}$/;
const NONCE = /^[0-9a-f]{32}$/;

/** Reads a ticket from a hostile token. */
export function decodeTicket(token: string): Result<ZoneTicket> {
  if (!isTicket(token)) return err("not a zone ticket");
  const parts = token.slice(TICKET_PREFIX.length).split(":");
  if (parts.length !== 3) return err("a ticket has three parts");
  const [from, to, nonce] = parts as [string, string, string];
  if (!ZONE_ID.test(from) || !ZONE_ID.test(to)) return err("bad zone id in ticket");
  if (!NONCE.test(nonce)) return err("a ticket nonce is 32 lowercase hex characters");
  return ok({ from, to, nonce });
}
