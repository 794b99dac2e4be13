// A Transport that stands for a link made later: connect() gets it at once, and the carrier
// behind it is attached when one is ready (a direct link, or the relay after the direct
// attempt failed; the link to a host that is still being elected). Until then it is
// connecting; afterwards it is exactly its carrier.

import type { Channel, Transport, TransportPath } from "../transport/transport.js";
import { TransportBase } from "../transport/transport-base.js";

/** A Transport whose carrier is attached after it was handed out. */
export class ForwardingTransport extends TransportBase {
  #inner: Transport | undefined;
  readonly #pendingPath: TransportPath;
  /** The code of a local close made before a carrier came (it is closed with it). */
  #closedWith = { code: 1000, reason: "" };

  readonly #onabandon: (() => void) | undefined;

  /**
   * @param pendingPath the path reported until a carrier is attached
   * @param onabandon called when the link is closed before any carrier came (stop looking)
   */
  constructor(pendingPath: TransportPath, onabandon?: () => void) {
    super();
    this.#pendingPath = pendingPath;
    this.#onabandon = onabandon;
  }

  get path(): TransportPath {
    return this.#inner?.path ?? this.#pendingPath;
  }

  get unreliable(): boolean {
    return this.#inner?.unreliable ?? false;
  }

  get bufferedAmount(): number {
    return this.#inner?.bufferedAmount ?? 0;
  }

  /** The carrier attached so far (undefined while none is). */
  get carrier(): Transport | undefined {
    return this.#inner;
  }

  /**
   * Makes `inner` the carrier: its events become this link's. A link closed meanwhile
   * closes `inner` at once, with the same code.
   */
  attach(inner: Transport): void {
    if (this.#inner) throw new Error("ForwardingTransport: a carrier is attached already");
    this.#inner = inner;
    if (this.state === "closed") {
      inner.onclose = null;
      return inner.close(this.#closedWith.code, this.#closedWith.reason);
    }
    inner.onopen = () => this.opened();
    inner.onmessage = (bytes, channel) => this.received(bytes, channel);
    inner.onerror = (message) => this.failed(message);
    inner.onclose = (code, reason) => this.ended(code, reason);
    if (inner.state === "open") this.opened();
    else if (inner.state === "closed") this.ended(1006, "carrier closed before it was attached");
  }

  /** No carrier will come: the link ends with `code` (once, now). */
  fail(code: number, reason: string): void {
    if (!this.#inner) this.ended(code, reason);
  }

  protected write(bytes: Uint8Array, channel: Channel): void {
    this.#inner?.send(bytes, channel);
  }

  protected shut(code: number, reason: string): void {
    this.#closedWith = { code, reason };
    const inner = this.#inner;
    if (!inner) return this.#onabandon?.();
    inner.onclose = inner.onmessage = inner.onopen = inner.onerror = null;
    inner.close(code, reason);
  }
}
