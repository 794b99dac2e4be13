// Two Transports joined in one process: a listen host's own player, and tests. What one end
// sends the other receives on a later microtask, in order, on the channel it was sent on,
// and nothing is ever lost, so the unreliable channel exists but never drops a frame.

import type { Channel, Transport } from "./transport.js";
import { TransportBase } from "./transport-base.js";

class LoopbackEnd extends TransportBase {
  readonly path = "local";
  readonly unreliable = true;
  /** The other end; set once both exist. */
  peer: LoopbackEnd | undefined;
  /** Bytes sent and not yet handed to the peer. */
  #buffered = 0;

  get bufferedAmount(): number {
    return this.#buffered;
  }

  /** Opens this end (the pair opens both on one microtask). */
  open(): void {
    this.opened();
  }

  protected write(bytes: Uint8Array, channel: Channel): void {
    // A copy: the caller may reuse `bytes`, and the receiver keeps what it gets.
    const copy = bytes.slice();
    this.#buffered += copy.length;
    queueMicrotask(() => {
      this.#buffered -= copy.length;
      this.peer?.received(copy, channel);
    });
  }

  protected shut(code: number, reason: string): void {
    // Queued after the frames already sent, so the peer gets those first.
    queueMicrotask(() => this.peer?.ended(code, reason));
  }
}

/** Both ends of a loopback link. */
export interface LoopbackTransportPair {
  readonly a: Transport;
  readonly b: Transport;
}

/**
 * Two connected in-process Transports (path `"local"`). Both open on a microtask, so
 * handlers set right after this call hear onopen.
 * @example
 * // A new pair per link: reconnection calls the factory again.
 * const transport = () => {
 *   const { a, b } = loopbackTransportPair();
 *   host.accept(b);
 *   return a;
 * };
 * const room = await connect({ game, name, transport });
 */
export function loopbackTransportPair(): LoopbackTransportPair {
  const a = new LoopbackEnd();
  const b = new LoopbackEnd();
  a.peer = b;
  b.peer = a;
  queueMicrotask(() => {
    a.open();
    b.open();
  });
  return { a, b };
}
