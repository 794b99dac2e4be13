// The WebSocket as a Transport: one reliable ordered stream, so both channels travel on it
// (`unreliable` is false). Binary frames only: a text frame breaks the protocol and closes
// the link with 4000, as the room does with one from a client.

import { utf8Length } from "../../../shared/codec/utf8.js";
import { CLOSE } from "../../../shared/protocol/close-codes.js";
import type { Channel, Transport } from "./transport.js";
import { TransportBase } from "./transport-base.js";

/** Longest close reason RFC 6455 allows, in UTF-8 bytes; a longer one makes close() throw. */
const MAX_CLOSE_REASON_BYTES = 123;

class WebSocketTransport extends TransportBase {
  readonly path = "websocket";
  readonly unreliable = false;
  readonly #ws: WebSocket;

  constructor(url: string, WebSocketImpl: typeof WebSocket) {
    super();
    const ws = new WebSocketImpl(url);
    ws.binaryType = "arraybuffer";
    ws.onopen = () => this.opened();
    ws.onmessage = (e: MessageEvent) => {
      if (this.state !== "open") return;
      if (e.data instanceof ArrayBuffer) return this.received(new Uint8Array(e.data), "reliable");
      this.failed("text frame from the server");
      this.close(CLOSE.MALFORMED_FRAME.code, `${CLOSE.MALFORMED_FRAME.reason}: text frame`);
    };
    ws.onerror = () => this.failed("websocket error");
    ws.onclose = (e: CloseEvent) => this.ended(e.code, e.reason);
    this.#ws = ws;
  }

  get bufferedAmount(): number {
    // Some WebSocket implementations (and test doubles) have no bufferedAmount.
    return this.#ws.bufferedAmount ?? 0;
  }

  protected write(bytes: Uint8Array, _channel: Channel): void {
    this.#ws.send(bytes);
  }

  protected shut(code: number, reason: string): void {
    this.#ws.close(code, fitReason(reason));
  }
}

/** `reason` cut at a character boundary to fit a close frame. */
function fitReason(reason: string): string {
  let out = reason;
  while (utf8Length(out) > MAX_CLOSE_REASON_BYTES) out = [...out].slice(0, -1).join("");
  return out;
}

/**
 * A WebSocket to `url` as a Transport (path `"websocket"`): what `connect({ url })` uses.
 * @param WebSocketImpl the constructor (Node before 22, a test double). @default globalThis.WebSocket
 * @example
 * const room = await connect({ game, name, transport: () => webSocketTransport(url) });
 */
export function webSocketTransport(
  url: string,
  WebSocketImpl: typeof WebSocket = globalThis.WebSocket,
): Transport {
  return new WebSocketTransport(url, WebSocketImpl);
}
