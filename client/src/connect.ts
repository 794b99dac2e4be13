// connect(): open a room WebSocket, say hello, and resolve once the room welcomes us.

import { describeClose } from "../../shared/protocol/close-codes.js";
import { type ConnectOptions, resolveConnectOptions } from "./connect-options.js";
import { NetClient } from "./net-client.js";
import { now, RoomConnection } from "./room-connection.js";

/** Connecting failed: the room refused or closed before welcoming us, or it timed out. */
export class ConnectError extends Error {
  /** The close code, or 0 when the socket never opened or the wait timed out. */
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
 * Joins a room.
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
  let send = (bytes: Uint8Array) => ws.send(bytes);
  const net = new NetClient(o.game, o, (bytes) => send(bytes));
  const ws = new o.WebSocket(o.url);
  ws.binaryType = "arraybuffer";
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      ws.close();
      reject(new ConnectError(`no welcome from ${o.url} within ${o.connectTimeoutMs} ms`, 0, true));
    }, o.connectTimeoutMs);
    ws.onopen = () => ws.send(net.hello(o.name.trim(), o.token));
    ws.onerror = () => {}; // the close event that follows carries the outcome
    ws.onclose = (e) => {
      clearTimeout(timeout);
      const known = describeClose(e.code);
      reject(
        new ConnectError(
          `room closed before welcome: ${e.code} ${e.reason}`,
          e.code,
          known?.retryable ?? true,
        ),
      );
    };
    ws.onmessage = (e) => {
      if (!(e.data instanceof ArrayBuffer)) return;
      const result = net.receive(new Uint8Array(e.data), now());
      if (!result.ok) {
        clearTimeout(timeout);
        ws.close(4000, "malformed frame");
        reject(new ConnectError(`malformed frame from room: ${result.error}`, 4000, false));
        return;
      }
      if (result.value.type !== "welcome") return;
      clearTimeout(timeout);
      resolve(
        new RoomConnection(ws, net, o, (s) => {
          send = s;
        }),
      );
    };
  });
}
