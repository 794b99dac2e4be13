// What the session routes share about peer sessions: the PeerSession namespace (a
// deployment bound before peer sessions existed answers a clear 500), creating a session's
// object in its region, the name a peer shows, and its session ticket.

import type { Credential, SessionRole } from "../../server/auth/index.js";
import type { PeerSessionConfig } from "../../server/peer/peer-session-address.js";
import { type IssuedSessionTicket, mintSessionTicket } from "../../server/peer/session-tickets.js";
import type { Region } from "../../shared/regions/region.js";
import { ApiError } from "../api-error.js";
import { signingKeys } from "../auth/signing-keys.js";
import type { Env } from "../env.js";
import { findAccount } from "../repositories/accounts.js";

/** The name a peer shows when it asked for none and its account has no display name. */
export const DEFAULT_PEER_NAME = "player";

/** The PEER_SESSION namespace; throws ApiError 503 when wrangler.toml does not bind it. */
export function peerSessions(env: Env): NonNullable<Env["PEER_SESSION"]> {
  if (env.PEER_SESSION) return env.PEER_SESSION;
  console.error("PEER_SESSION is not bound: add the binding and migration (docs/deploy.md)");
  throw new ApiError(
    503,
    "peer_sessions_not_configured",
    "this deployment does not bind the PeerSession Durable Object",
  );
}

/** The object of session `sessionId` (its placement was fixed when the session was made). */
export function peerSessionStub(env: Env, sessionId: string) {
  const ns = peerSessions(env);
  return ns.get(ns.idFromName(sessionId));
}

/**
 * Creates session `config.sessionId`'s object in `region` (a Durable Object's location is
 * fixed by its first get(), so this is the first) and configures it.
 */
export async function openPeerSession(
  env: Env,
  config: PeerSessionConfig,
  region: Region,
): Promise<void> {
  const ns = peerSessions(env);
  const stub = ns.get(ns.idFromName(config.sessionId), {
    locationHint: region.locationHint as DurableObjectLocationHint,
  });
  const outcome = await stub.configure(config);
  if (!outcome.ok) throw new Error(`peer session ${config.sessionId}: ${outcome.message}`);
}

/** The name `accountId` shows in a session: the one asked for, else its display name. */
export async function peerName(
  db: D1Database,
  accountId: string,
  requested: string | undefined,
): Promise<string> {
  if (requested) return requested;
  const shown = (await findAccount(db, accountId))?.displayName?.slice(0, 64);
  return shown || DEFAULT_PEER_NAME;
}

/** A session ticket for the caller of a route. */
export async function issueSessionTicket(
  env: Env,
  credential: Credential,
  sessionId: string,
  role: SessionRole,
  name: string,
  now: number,
): Promise<IssuedSessionTicket> {
  const ring = await signingKeys(env);
  return mintSessionTicket(ring, credential, { sessionId, role, name }, now);
}
