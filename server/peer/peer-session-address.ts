// How the Worker addresses a PeerSession Durable Object: the session's configuration (sent
// once, when the session is registered, to the object created in the session's region), and
// the identity the Worker verified from a session ticket, passed with a signaling socket's
// upgrade in an internal header. The Worker builds that request from scratch, so no header a
// client sent ever reaches the object; the object still validates what it reads.

import { z } from "zod";
import { IceServer, PeerInfo } from "../../shared/peer/signal-messages.js";

/** The path of a signaling socket's upgrade on the object (reached only through the namespace). */
export const PEER_SESSION_SOCKET_PATH = "/signal";

/** The header carrying the verified SignalIdentity, URI-encoded JSON. */
export const SIGNAL_IDENTITY_HEADER = "X-Edgetick-Signal-Identity";

/** What a PeerSession object is told when its session is registered. */
export const PeerSessionConfig = z
  .object({
    sessionId: z.string().min(1).max(64),
    kind: z.enum(["listen", "p2p"]),
    /** Peers connected at once, the host included. */
    capacity: z.number().int().min(1).max(1000),
    /** The account that registered the session (its first socket hosts a listen session). */
    hostAccount: z.string().min(1).max(128),
    /** The region the object was placed in (locationHint), for the record. */
    region: z.string().max(32).nullable(),
  })
  .strict();

/** A peer session's configuration. */
export type PeerSessionConfig = z.infer<typeof PeerSessionConfig>;

/** Who opens a signaling socket, as the Worker verified it from the session ticket. */
export const SignalIdentity = z
  .object({
    accountId: PeerInfo.shape.accountId.min(1),
    name: PeerInfo.shape.name,
    /** The ticket's role: "host" only for the registering account. */
    role: z.enum(["host", "peer"]),
    /** The ICE servers for this peer (TURN credentials are per account and time-limited). */
    iceServers: z.array(IceServer).max(4),
  })
  .strict();

/** A verified signaling identity. */
export type SignalIdentity = z.infer<typeof SignalIdentity>;

/** The SIGNAL_IDENTITY_HEADER value for `identity` (header values must be ASCII). */
export function encodeSignalIdentity(identity: SignalIdentity): string {
  return encodeURIComponent(JSON.stringify(identity));
}

/** The identity in a SIGNAL_IDENTITY_HEADER value, or undefined for anything else. */
export function decodeSignalIdentity(header: string | null): SignalIdentity | undefined {
  if (!header) return undefined;
  try {
    const parsed = SignalIdentity.safeParse(JSON.parse(decodeURIComponent(header)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not URI-encoded JSON
  }
}
