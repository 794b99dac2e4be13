// hostSession(): open the signaling socket of a listen session this peer created (POST
// /v1/sessions answers its ticket and signalUrl) and start hosting the game's room.

import { ListenHost, type ListenHostOptions } from "./listen-host.js";
import { SignalingClient } from "./signaling-client.js";
import type { SignalingOptions } from "./signaling-options.js";

/** How to host a listen session. */
export interface HostSessionOptions<Input>
  extends Omit<ListenHostOptions<Input>, "signaling" | "restore" | "roster"> {
  /** The session's signaling socket, or where to open it. */
  readonly signaling: SignalingClient | SignalingOptions;
}

/**
 * Hosts a listen session: the room runs here, peers join it with joinSession().
 * @example
 * const session = await http.registerSession({ kind: "listen", game: "arena", mode: "ffa", players: 1, capacity: 4 });
 * const host = await hostSession({
 *   game: arenaGame,
 *   signaling: { signalUrl: session.signalUrl, ticket: session.ticket, baseUrl },
 * });
 * const room = await host.connect({ name: "ada" }); // the host's own player
 * @throws ConnectError when the signaling socket cannot be opened
 * @throws Error when the session is not a listen session this peer hosts
 */
export async function hostSession<Input>(
  options: HostSessionOptions<Input>,
): Promise<ListenHost<Input>> {
  const given = options.signaling instanceof SignalingClient;
  const signaling = given
    ? (options.signaling as SignalingClient)
    : await SignalingClient.connect(options.signaling as SignalingOptions);
  try {
    return new ListenHost({ ...options, signaling });
  } catch (e) {
    // A socket we opened is ours to close; the caller's stays theirs.
    if (!given) signaling.close();
    throw e;
  }
}
