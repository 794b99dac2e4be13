// Signs access tokens, join, spectator and session tickets with the ring's current key. Times
// are injected (Unix ms) so tests can mint tokens that expire on cue.

import { SignJWT } from "jose";
import { toLowS } from "./ecdsa-low-s.js";
import type { KeyRing } from "./key-ring.js";
import { type SessionRole, TOKEN_AUDIENCE, TOKEN_ISSUER } from "./token-claims.js";

/** What every signed token says about its holder. */
export interface TokenSubject {
  readonly accountId: string;
  readonly roles: readonly string[];
}

/** When and for how long a token is valid. */
export interface TokenTiming {
  /** Issue time, Unix ms. */
  readonly now: number;
  /** Lifetime in seconds. */
  readonly ttlS: number;
}

async function sign(
  ring: KeyRing,
  claims: Record<string, unknown>,
  audience: string,
  subject: TokenSubject,
  { now, ttlS }: TokenTiming,
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({ ...claims, roles: [...subject.roles] })
    .setProtectedHeader({ alg: ring.current.alg, kid: ring.current.kid, typ: "JWT" })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(audience)
    .setSubject(subject.accountId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlS)
    .sign(ring.current.privateKey);
  // One spelling per token: verifyToken accepts only the low-s form of an ECDSA signature.
  return ring.current.alg === "ES256" ? toLowS(token) : token;
}

/**
 * An access token for the HTTP API and every room.
 * @example
 * const token = await signAccessToken(ring, { accountId, roles: ["player"] }, { now: Date.now(), ttlS: 900 });
 */
export function signAccessToken(
  ring: KeyRing,
  subject: TokenSubject,
  timing: TokenTiming,
): Promise<string> {
  return sign(ring, {}, TOKEN_AUDIENCE.ACCESS, subject, timing);
}

/**
 * A join ticket: admits its holder to room `room` only, for a short time.
 * @example
 * const ticket = await signJoinTicket(ring, { accountId, roles }, "lobby", { now, ttlS: 60 });
 */
export function signJoinTicket(
  ring: KeyRing,
  subject: TokenSubject,
  room: string,
  timing: TokenTiming,
): Promise<string> {
  return sign(ring, { room }, TOKEN_AUDIENCE.JOIN, subject, timing);
}

/**
 * A spectator ticket: lets its holder watch room `room` (a spectator HELLO), never play in it,
 * for a short time.
 * @example
 * const ticket = await signSpectatorTicket(ring, { accountId, roles }, "mm-duel-3f2a", { now, ttlS: 60 });
 */
export function signSpectatorTicket(
  ring: KeyRing,
  subject: TokenSubject,
  room: string,
  timing: TokenTiming,
): Promise<string> {
  return sign(ring, { room }, TOKEN_AUDIENCE.SPECTATE, subject, timing);
}

/** The peer session a session ticket opens, and as whom. */
export interface SessionTicketClaims {
  readonly sessionId: string;
  readonly role: SessionRole;
  /** The name the other peers see, 1–64 characters. */
  readonly name: string;
}

/**
 * A session ticket: opens the signaling socket of one peer session only, for a short time.
 * @example
 * const ticket = await signSessionTicket(ring, { accountId, roles }, { sessionId, role: "peer", name: "ada" }, { now, ttlS: 60 });
 */
export function signSessionTicket(
  ring: KeyRing,
  subject: TokenSubject,
  { sessionId, role, name }: SessionTicketClaims,
  timing: TokenTiming,
): Promise<string> {
  return sign(ring, { session: sessionId, role, name }, TOKEN_AUDIENCE.SESSION, subject, timing);
}
