// The bots' own count of their traffic, taken at the socket: a WebSocket subclass that counts
// every frame it sends and every frame it delivers, with their payload bytes (what `send` was
// given, what a message event carries: no WebSocket framing, as the room counts them), and the
// harness's clock of the room's active time: the spans during which at least one of these
// sockets was open (the room ticks exactly while a connection is open).

import type { BotFrameCounts } from "./cost-comparison.js";

/** Counts for every socket made by the class it hands out. */
export class FrameCounter implements BotFrameCounts {
  framesSent = 0;
  bytesSent = 0;
  framesReceived = 0;
  bytesReceived = 0;
  /** Sockets that opened, and of them those still open. */
  opened = 0;
  #open = 0;
  /** When the open count last rose from 0, ms (performance.now); undefined while 0. */
  #since: number | undefined;
  #activeMs = 0;
  readonly #now: () => number;
  readonly #idle: (() => void)[] = [];

  /** @param now a monotonic clock, ms. @default performance.now */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Sockets open now. */
  get openSockets(): number {
    return this.#open;
  }

  /** Seconds at least one socket was open (so far, the open span included). */
  activeSeconds(): number {
    const running = this.#since === undefined ? 0 : this.#now() - this.#since;
    return (this.#activeMs + running) / 1000;
  }

  /** Resolves once no socket is open (at once when none is), or after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.#open === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** A WebSocket class whose instances count into this counter. */
  socketClass(Base: typeof WebSocket): typeof WebSocket {
    const counter = this;
    return class CountingWebSocket extends Base {
      constructor(url: string | URL, protocols?: ConstructorParameters<typeof WebSocket>[1]) {
        super(url, protocols);
        let isOpen = false;
        // Listeners, not the on* handlers: the client library sets those itself.
        this.addEventListener("open", () => {
          isOpen = true;
          counter.#opened();
        });
        this.addEventListener("message", (e) => counter.#received(e.data));
        this.addEventListener("close", () => {
          if (isOpen) counter.#closed();
          isOpen = false;
        });
      }

      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        // Only an open socket sends; a send on a closing one is dropped without an error.
        const sends = this.readyState === Base.OPEN;
        super.send(data);
        if (sends) counter.#sent(data);
      }
    };
  }

  #sent(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    this.framesSent++;
    this.bytesSent += byteLength(data);
  }

  #received(data: unknown): void {
    this.framesReceived++;
    this.bytesReceived += byteLength(data);
  }

  #opened(): void {
    this.opened++;
    if (this.#open++ === 0) this.#since = this.#now();
  }

  #closed(): void {
    if (--this.#open > 0 || this.#since === undefined) return;
    this.#activeMs += this.#now() - this.#since;
    this.#since = undefined;
    for (const wake of this.#idle.splice(0)) wake();
  }
}

/** Payload bytes of a frame's data (a string as UTF-8). */
function byteLength(data: unknown): number {
  if (typeof data === "string") return Buffer.byteLength(data, "utf8");
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof Blob) return data.size;
  throw new TypeError(`a frame of an unexpected type: ${Object.prototype.toString.call(data)}`);
}
