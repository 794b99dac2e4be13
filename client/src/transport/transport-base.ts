// The lifecycle every Transport shares, written once: the state machine (connecting → open
// → closed), onclose exactly once whichever side ends the link, a local close reported on a
// microtask (never inside the call, so a handler cannot re-enter its caller), and frames
// dropped once the link is closed. An implementation only moves bytes: it says when its
// carrier opened, delivered a frame, failed or ended, and writes and shuts the carrier.

import type { Channel, Transport, TransportPath, TransportState } from "./transport.js";

/** A Transport's shared half; subclasses supply the carrier. */
export abstract class TransportBase implements Transport {
  abstract readonly path: TransportPath;
  abstract readonly unreliable: boolean;
  abstract readonly bufferedAmount: number;
  onopen: (() => void) | null = null;
  onmessage: ((bytes: Uint8Array, channel: Channel) => void) | null = null;
  onclose: ((code: number, reason: string) => void) | null = null;
  onerror: ((message: string) => void) | null = null;
  #state: TransportState = "connecting";
  /** onclose was called (or is due on a microtask): never again. */
  #reported = false;

  get state(): TransportState {
    return this.#state;
  }

  send(bytes: Uint8Array, channel: Channel = "reliable"): void {
    if (this.#state === "open") this.write(bytes, channel);
  }

  close(code = 1000, reason = ""): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#reported = true;
    this.shut(code, reason);
    queueMicrotask(() => this.onclose?.(code, reason));
  }

  /** Writes one frame on an open carrier; `bytes` may be reused after the call. */
  protected abstract write(bytes: Uint8Array, channel: Channel): void;

  /** Ends the carrier on a local close, telling the peer `code` and `reason` if it can. */
  protected abstract shut(code: number, reason: string): void;

  /** The carrier is open (ignored unless still connecting: a closed link stays closed). */
  protected opened(): void {
    if (this.#state !== "connecting") return;
    this.#state = "open";
    this.onopen?.();
  }

  /** A frame arrived (dropped unless open). */
  protected received(bytes: Uint8Array, channel: Channel): void {
    if (this.#state === "open") this.onmessage?.(bytes, channel);
  }

  /** Something went wrong on the carrier; the close that follows carries the outcome. */
  protected failed(message: string): void {
    if (this.#state !== "closed") this.onerror?.(message);
  }

  /** The carrier ended under us (the peer closed it, or it failed): reported once, now. */
  protected ended(code: number, reason: string): void {
    this.#state = "closed";
    if (this.#reported) return;
    this.#reported = true;
    this.onclose?.(code, reason);
  }
}
