// Verifies the tokens edgetick signed, classifying every refusal (missing, malformed,
// forged, expired, wrong audience, wrong room or session) so rooms, peer sessions and routes
// can answer with distinct codes. Tokens are hostile input: the outcome is a value, never a
// throw.

import { base64url, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from "jose";
import { hasLowS } from "./ecdsa-low-s.js";
import type { KeyRing } from "./key-ring.js";
import {
  type Credential,
  type CredentialKind,
  type CredentialRefusal,
  type CredentialResult,
  refused,
  type SessionTicketResult,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type TokenAudience,
} from "./token-claims.js";

/** Where a token is being presented. */
export interface VerifyContext {
  /** Audiences accepted here. */
  readonly audiences: readonly TokenAudience[];
  /** The time to judge expiry by, Unix ms. */
  readonly now: number;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Base64url has several spellings of the same bytes (the spare bits of the last character).
 * Accept only the canonical one, so that no two different strings verify as the same token.
 */
function isCanonicalCompact(token: string): boolean {
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  for (const part of parts) {
    if (!SEGMENT.test(part)) return false;
    try {
      if (base64url.encode(base64url.decode(part)) !== part) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function credentialOf(payload: JWTPayload): Credential | undefined {
  const { sub, exp, aud } = payload;
  const roles = payload.roles;
  const room = payload.room;
  if (typeof sub !== "string" || sub.length === 0 || typeof exp !== "number") return undefined;
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === "string")) return undefined;
  const kind: CredentialKind =
    aud === TOKEN_AUDIENCE.JOIN ? "join" : aud === TOKEN_AUDIENCE.SPECTATE ? "spectate" : "access";
  if (kind !== "access" && typeof room !== "string") return undefined;
  return {
    kind,
    accountId: sub,
    roles,
    expiresAt: exp * 1000,
    ...(kind !== "access" ? { room: room as string } : {}),
  };
}

function classify(e: unknown): CredentialRefusal {
  if (e instanceof errors.JWTExpired) return refused("expired", "token expired");
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === "aud" || e.claim === "iss")
      return refused("wrong_audience", `${e.claim} not accepted here`);
    if (e.claim === "nbf") return refused("expired", "token not valid yet");
    return refused("malformed", `claim ${e.claim}: ${e.reason}`);
  }
  if (e instanceof errors.JWSSignatureVerificationFailed)
    return refused("forged", "signature does not verify");
  if (e instanceof errors.JOSEError) return refused("malformed", e.code);
  throw e;
}

/**
 * The checks every token passes, whatever it is for: one spelling, a key of the ring, the
 * signature, the issuer, one of `audiences`, and its times. Answers the verified claims.
 */
async function verifyClaims(
  ring: KeyRing,
  token: string,
  { audiences, now }: VerifyContext,
): Promise<{ readonly ok: true; readonly payload: JWTPayload } | CredentialRefusal> {
  if (token.length === 0) return refused("missing", "no token");
  if (!isCanonicalCompact(token)) return refused("malformed", "not a compact JWS");
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return refused("malformed", "unreadable header");
  }
  const key = kid === undefined ? undefined : ring.key(kid);
  if (!key) return refused("forged", "unknown key id");
  if (key.alg === "ES256" && !hasLowS(token))
    return refused("malformed", "ECDSA signature not in low-s form");
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      issuer: TOKEN_ISSUER,
      audience: [...audiences],
      algorithms: [key.alg],
      currentDate: new Date(now),
      requiredClaims: ["sub", "exp", "iat"],
    });
    return { ok: true, payload };
  } catch (e) {
    return classify(e);
  }
}

/**
 * Verifies a token against every key of the ring.
 * @example
 * const r = await verifyToken(ring, bearer, { audiences: [TOKEN_AUDIENCE.ACCESS], now: Date.now() });
 * if (!r.ok) throw unauthorized(r.failure);
 */
export async function verifyToken(
  ring: KeyRing,
  token: string,
  context: VerifyContext,
): Promise<CredentialResult> {
  const verified = await verifyClaims(ring, token, context);
  if (!verified.ok) return verified;
  const credential = credentialOf(verified.payload);
  if (!credential) return refused("malformed", "claims of the wrong shape");
  return { ok: true, credential };
}

/** What a room HELLO asks for: a seat as a player, or a spectator's view. */
export type RoomRole = "player" | "spectator";

/** The audiences a room accepts for each role: a ticket opens only what it was minted for. */
const ROOM_AUDIENCES: Readonly<Record<RoomRole, readonly TokenAudience[]>> = {
  player: [TOKEN_AUDIENCE.ACCESS, TOKEN_AUDIENCE.JOIN],
  spectator: [TOKEN_AUDIENCE.ACCESS, TOKEN_AUDIENCE.SPECTATE],
};

/**
 * Verifies the credential in a room HELLO: an access token, or a ticket for `roomId` of the
 * HELLO's role — a join ticket to play, a spectator ticket to watch. The other kind of ticket
 * answers `wrong_audience`, a ticket for another room `wrong_room`.
 * @example
 * const r = await verifyRoomToken(ring, hello.token, "lobby", Date.now());
 * const watching = await verifyRoomToken(ring, hello.token, "lobby", Date.now(), "spectator");
 */
export async function verifyRoomToken(
  ring: KeyRing,
  token: string,
  roomId: string,
  now: number,
  role: RoomRole = "player",
): Promise<CredentialResult> {
  const r = await verifyToken(ring, token, { audiences: ROOM_AUDIENCES[role], now });
  if (r.ok && r.credential.room !== undefined && r.credential.room !== roomId)
    return refused("wrong_room", `ticket is for room ${r.credential.room}`);
  return r;
}

/** Longest peer name a session ticket carries (as PeerInfo.name in shared/peer). */
const MAX_PEER_NAME_LENGTH = 64;

/**
 * Verifies a session ticket for peer session `sessionId`: only the session audience is
 * accepted (an access token or a room's join ticket answers `wrong_audience`), and a ticket
 * for another session answers `wrong_room`.
 * @example
 * const r = await verifySessionTicket(ring, url.searchParams.get("ticket") ?? "", sessionId, Date.now());
 */
export async function verifySessionTicket(
  ring: KeyRing,
  token: string,
  sessionId: string,
  now: number,
): Promise<SessionTicketResult> {
  const verified = await verifyClaims(ring, token, { audiences: [TOKEN_AUDIENCE.SESSION], now });
  if (!verified.ok) return verified;
  const { sub, exp, roles, session, role, name } = verified.payload;
  if (
    typeof sub !== "string" ||
    sub.length === 0 ||
    typeof exp !== "number" ||
    !Array.isArray(roles) ||
    !roles.every((r) => typeof r === "string") ||
    typeof session !== "string" ||
    (role !== "host" && role !== "peer") ||
    typeof name !== "string" ||
    name.length === 0 ||
    name.length > MAX_PEER_NAME_LENGTH
  )
    return refused("malformed", "claims of the wrong shape");
  if (session !== sessionId) return refused("wrong_room", `ticket is for session ${session}`);
  return {
    ok: true,
    ticket: { accountId: sub, roles, sessionId: session, role, name, expiresAt: exp * 1000 },
  };
}
