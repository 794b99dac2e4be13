// connect(): open a link to a room (a WebSocket, or any Transport), say hello, and resolve
// once the room welcomes us.

import { CLOSE, describeClose } from "../../shared/protocol/close-codes.js";
import { type ConnectOptions, resolveConnectOptions } from "./connect-options.js";
import { NetClient } from "./net-client.js";
import { now, RoomConnection } from "./room-connection.js";

/** Connecting failed: the room refused or closed before welcoming us, or it timed out. */
export class ConnectError extends Error {
  /** The close code, or 0 when the link never opened or the wait timed out. */
  readonly code: number;
  /** Whether trying again can succeed. */
  readonly retryable: boolean;

  constructor(message: string, code: number, retryable: boolean) {
    super(message);
    this.name = "ConnectError";
    this.code = code;
    this.retryable = retryable;
  }
}

/**
 * Joins a room, over a WebSocket to `url` or over the links `transport` opens.
 * @example
 * const room = await connect({ url: roomUrl("http://127.0.0.1:8787", "lobby"), game: arenaGame, name: "ada" });
 * room.on("snapshot", ({ world }) => render(world));
 * room.setInput({ buttons: ARENA_BUTTON.THRUST });
 */
export async function connect<Input>(
  options: ConnectOptions<Input>,
): Promise<RoomConnection<Input>> {
  const o = resolveConnectOptions(options);
  // The connection swaps in its own sender (through the simulated link, if any).
  let send = (bytes: Uint8Array) => transport.send(bytes, "reliable");
  const net = new NetClient(o.game, o, (bytes) => send(bytes));
  const transport = o.transport();
  const where = o.url ?? `the ${transport.path} transport`;
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      transport.onclose = null;
      transport.close();
      reject(new ConnectError(`no welcome from ${where} within ${o.connectTimeoutMs} ms`, 0, true));
    }, o.connectTimeoutMs);
    transport.onopen = () => transport.send(net.hello(o.name.trim(), o.token), "reliable");
    transport.onerror = null; // the close that follows carries the outcome
    transport.onclose = (code, reason) => {
      clearTimeout(timeout);
      const known = describeClose(code);
      reject(
        new ConnectError(
          `room closed before welcome: ${code} ${reason}`,
          code,
          known?.retryable ?? true,
        ),
      );
    };
    transport.onmessage = (bytes, channel) => {
      const result = net.receive(bytes, now(), channel);
      if (!result.ok) {
        clearTimeout(timeout);
        transport.onclose = null;
        transport.close(CLOSE.MALFORMED_FRAME.code, CLOSE.MALFORMED_FRAME.reason);
        reject(
          new ConnectError(
            `malformed frame from room: ${result.error}`,
            CLOSE.MALFORMED_FRAME.code,
            false,
          ),
        );
        return;
      }
      if (result.value.type !== "welcome") return;
      clearTimeout(timeout);
      resolve(
        new RoomConnection(transport, net, o, (s) => {
          send = s;
        }),
      );
    };
  });
}
