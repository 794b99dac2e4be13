// spectate(): open a link to a room (a WebSocket, or any Transport), say a spectator HELLO,
// and resolve once the room welcomes us as a spectator.

import { CLOSE, describeClose } from "../../../shared/protocol/close-codes.js";
import { ConnectError } from "../connect.js";
import { NetClient } from "../net-client.js";
import { now } from "../room-connection.js";
import { resolveSpectateOptions, type SpectateOptions } from "./spectate-options.js";
import { SpectatorConnection } from "./spectator-connection.js";

/**
 * Watches a room as a spectator, over a WebSocket to `url` or over the links `transport`
 * opens: no avatar, no inputs, the room's state `delayMs` behind the live game. Rejects with
 * a ConnectError like connect() (4005 when the spectator places are taken, 4108 for a ticket
 * room without a spectator ticket).
 * @example
 * const watch = await spectate({ url: roomUrl(base, "lobby"), game: arenaGame, name: "ada", token });
 * watch.follow(2);
 * const view = watch.render(now); // centre the camera on watch.followed
 */
export async function spectate<Input>(
  options: SpectateOptions<Input>,
): Promise<SpectatorConnection<Input>> {
  const o = resolveSpectateOptions(options);
  // The connection swaps in its own sender once it exists.
  let send = (bytes: Uint8Array) => transport.send(bytes, "reliable");
  const net = new NetClient(o.game, o, (bytes) => send(bytes));
  const transport = o.transport();
  const where = o.url ?? `the ${transport.path} transport`;
  return new Promise((resolve, reject) => {
    const refuse = (error: ConnectError, code?: number, reason?: string) => {
      clearTimeout(timeout);
      transport.onclose = null;
      transport.close(code, reason);
      reject(error);
    };
    const timeout = setTimeout(() => {
      refuse(new ConnectError(`no welcome from ${where} within ${o.connectTimeoutMs} ms`, 0, true));
    }, o.connectTimeoutMs);
    transport.onopen = () =>
      transport.send(net.hello(o.name.trim(), o.token, "spectator"), "reliable");
    transport.onerror = null; // the close that follows carries the outcome
    transport.onclose = (code, reason) => {
      clearTimeout(timeout);
      const retryable = describeClose(code)?.retryable ?? true;
      reject(new ConnectError(`room closed before welcome: ${code} ${reason}`, code, retryable));
    };
    transport.onmessage = (bytes, channel) => {
      const result = net.receive(bytes, now(), channel);
      const { code, reason } = CLOSE.MALFORMED_FRAME;
      if (!result.ok)
        return refuse(
          new ConnectError(`malformed frame from room: ${result.error}`, code, false),
          code,
          reason,
        );
      const type = result.value.type;
      // A room seats a spectator only after a SPECTATOR_WELCOME; a player's WELCOME means
      // it did not take the role, and watching would be playing.
      if (type === "welcome")
        return refuse(
          new ConnectError("the room welcomed a player, not a spectator", code, false),
          code,
          `${reason}: a player welcome to a spectator hello`,
        );
      if (type !== "spectator-welcome") return;
      clearTimeout(timeout);
      resolve(
        new SpectatorConnection(transport, net, o, (s) => {
          send = s;
        }),
      );
    };
  });
}
