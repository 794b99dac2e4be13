// Options of spectate(): connect()'s, less what only a player has (inputs, its state-rate
// cap, the simulated link), plus how to find the player a spectator follows. Resolved by
// connect()'s resolver, so both validate a name, a token or a URL the same way.

import {
  type ConnectOptions,
  type ResolvedConnectOptions,
  resolveConnectOptions,
} from "../connect-options.js";
import type { AvatarOf } from "./follow-target.js";

/**
 * How to reach a room and watch it: exactly one of `url` and `transport`. `token` is an
 * access token (public rooms) or a spectator ticket (`http.createSpectatorTicket(roomId)`,
 * ticket rooms); `netcode.prediction` is unused (a spectator predicts nothing).
 */
export interface SpectateOptions<Input>
  extends Pick<
    ConnectOptions<Input>,
    | "url"
    | "transport"
    | "game"
    | "name"
    | "token"
    | "reconnectToken"
    | "pingIntervalMs"
    | "connectTimeoutMs"
    | "WebSocket"
    | "netcode"
    | "reconnect"
  > {
  /**
   * Finds a player's entity for `follow(playerId)`.
   * @default the first entity the game's `netcode.predicted` marks as the player's
   */
  avatarOf?: AvatarOf;
}

/** SpectateOptions resolved (connect()'s fields, every one present). */
export type ResolvedSpectateOptions<Input> = ResolvedConnectOptions<Input> & {
  readonly avatarOf: AvatarOf | undefined;
};

/** Fills defaults and validates, throwing an error that names the field (`spectate.name …`). */
export function resolveSpectateOptions<Input>(
  options: SpectateOptions<Input>,
): ResolvedSpectateOptions<Input> {
  const { avatarOf, ...connect } = options;
  if (avatarOf !== undefined && typeof avatarOf !== "function")
    throw new TypeError("spectate.avatarOf must be a function (world, playerId) => entity");
  let resolved: ResolvedConnectOptions<Input>;
  try {
    // Only the fields a spectator has: the input ones keep their defaults, unused.
    resolved = resolveConnectOptions(pick(connect));
  } catch (e) {
    // The resolver names its fields `connect.…`; here they are spectate()'s.
    if (e instanceof RangeError) throw new RangeError(renamed(e.message));
    if (e instanceof TypeError) throw new TypeError(renamed(e.message));
    throw e;
  }
  return { ...resolved, avatarOf };
}

function renamed(message: string): string {
  return message.replace(/^connect\b/, "spectate");
}

/** The spectator's fields of `o` (a caller passing a player's options gets them ignored). */
function pick<Input>(o: SpectateOptions<Input>): ConnectOptions<Input> {
  return {
    url: o.url,
    transport: o.transport,
    game: o.game,
    name: o.name,
    token: o.token,
    reconnectToken: o.reconnectToken,
    pingIntervalMs: o.pingIntervalMs,
    connectTimeoutMs: o.connectTimeoutMs,
    WebSocket: o.WebSocket,
    netcode: o.netcode,
    reconnect: o.reconnect,
  };
}
