// joinSession(): open a listen session's signaling socket (POST /v1/sessions/{id}/join
// answers its ticket and signalUrl) and play there as a peer (peer-session.ts).

import { type JoinSessionOptions, PeerSession } from "./peer-session.js";
import { resolveRtcOptions } from "./rtc-options.js";
import { SignalingClient } from "./signaling-client.js";
import type { SignalingOptions } from "./signaling-options.js";

/**
 * Joins a listen session as a peer: connects to its host and follows the host through
 * migrations.
 * @example
 * const joined = await http.joinPeerSession(sessionId); // { ticket, signalUrl, … }
 * const session = await joinSession({
 *   game: arenaGame,
 *   name: "bob",
 *   signaling: { signalUrl: joined.signalUrl, ticket: joined.ticket, baseUrl },
 * });
 * session.room.setInput({ buttons: ARENA_BUTTON.THRUST });
 * session.on("migrated", ({ hostPeerId }) => console.info("now hosted by", hostPeerId));
 * @throws ConnectError when the signaling socket or the room cannot be reached
 * @throws Error when the session is not a listen session hosted by another peer
 */
export async function joinSession<Input>(
  options: JoinSessionOptions<Input>,
): Promise<PeerSession<Input>> {
  const given = options.signaling instanceof SignalingClient;
  const signaling = given
    ? (options.signaling as SignalingClient)
    : await SignalingClient.connect(options.signaling as SignalingOptions);
  try {
    const { kind, sessionId, hostPeerId, peerId } = signaling.welcome;
    if (kind !== "listen" || hostPeerId === null || hostPeerId === peerId)
      throw new Error(
        `session ${sessionId} is not a listen session hosted by another peer (${kind}, host ${hostPeerId}, this peer ${peerId})`,
      );
    // Bad link options are the caller's error: say so now, not from the first link.
    if (options.link?.direct !== false) resolveRtcOptions(options.link?.rtc);
    return await new PeerSession(signaling, options).start();
  } catch (e) {
    if (!given) signaling.close();
    throw e;
  }
}
