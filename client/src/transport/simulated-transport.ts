// Two Transports joined by seeded simulated links on a manual clock, for tests and benches:
// `poll(now)` advances the clock and delivers what is due. Each direction has both channels:
// the reliable one is an ordered SimulatedLink (latency, jitter, and "lost" frames
// retransmitted late, holding back those behind them: never lost, never reordered), the
// unreliable one an unordered SimulatedLink (frames dropped, duplicated and, through jitter,
// reordered). A close travels on the reliable channel behind the frames sent before it.

import { SimulatedLink, type SimulatedLinkOptions } from "../simulated-link.js";
import type { Channel, Transport } from "./transport.js";
import { TransportBase } from "./transport-base.js";

/** Conditions of a simulated transport pair (both directions alike, seeds apart). */
export interface SimulatedTransportOptions {
  /**
   * The reliable channel: latency and jitter, ms, and the probability a frame needs a
   * retransmission (arriving `retransmitMs` late).
   * @default {} (no delay, no loss)
   */
  reliable?: Pick<SimulatedLinkOptions, "latencyMs" | "jitterMs" | "loss" | "retransmitMs">;
  /**
   * The unreliable channel: latency and jitter, ms, and the probabilities a frame is dropped
   * or delivered twice.
   * @default {} (no delay, no loss)
   */
  unreliable?: Pick<SimulatedLinkOptions, "latencyMs" | "jitterMs" | "loss" | "duplicate">;
  /**
   * Whether the link has an unreliable channel; false: frames sent unreliable go on the
   * reliable one, as over a WebSocket (`unreliable` is false then).
   * @default true
   */
  unreliableChannel?: boolean;
  /**
   * Seed of the links' random draws.
   * @default 1
   */
  seed?: number;
}

/** Both ends of a simulated link and its clock. */
export interface SimulatedTransportPair {
  readonly a: Transport;
  readonly b: Transport;
  /**
   * Advances the clock to `now` (ms) and delivers what is due: the first poll opens both
   * ends; frames sent later are stamped with the time of the latest poll.
   */
  poll(now: number): void;
  /** Frames (and closes) in flight, both directions. */
  readonly inFlight: number;
  /** Frames the unreliable channel dropped so far, both directions. */
  readonly dropped: number;
  /** Cuts the link as a network failure would: both ends close now with `code`, nothing more arrives. */
  sever(code?: number, reason?: string): void;
}

/** What travels on a link: a frame, or the sender's close. */
interface Flight {
  readonly bytes: Uint8Array;
  readonly channel: Channel;
  readonly close?: { readonly code: number; readonly reason: string };
  /** Delivered once already (a duplicate): the next receiver gets its own copy. */
  delivered: boolean;
}

const NO_BYTES = new Uint8Array(0);

class SimulatedEnd extends TransportBase {
  readonly path = "simulated";
  readonly unreliable: boolean;
  readonly #reliable: SimulatedLink<Flight>;
  readonly #unordered: SimulatedLink<Flight> | null;
  readonly #clock: () => number;
  /** Bytes on the reliable link not yet delivered (the unreliable one takes frames at once). */
  #buffered = 0;

  constructor(
    reliable: SimulatedLink<Flight>,
    unordered: SimulatedLink<Flight> | null,
    clock: () => number,
  ) {
    super();
    this.#reliable = reliable;
    this.#unordered = unordered;
    this.unreliable = unordered !== null;
    this.#clock = clock;
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  open(): void {
    this.opened();
  }

  cut(code: number, reason: string): void {
    this.ended(code, reason);
  }

  /** Hands this end what the peer's links delivered. */
  deliver(f: Flight): void {
    if (f.close) return this.ended(f.close.code, f.close.reason);
    const bytes = f.delivered ? f.bytes.slice() : f.bytes;
    f.delivered = true;
    this.received(bytes, f.channel);
  }

  /** A frame of this end's reliable link arrived at the peer. */
  landed(f: Flight): void {
    this.#buffered -= f.bytes.length;
  }

  protected write(bytes: Uint8Array, channel: Channel): void {
    const copy = bytes.slice();
    if (channel === "unreliable" && this.#unordered) {
      this.#unordered.send({ bytes: copy, channel, delivered: false }, this.#clock());
      return;
    }
    this.#buffered += copy.length;
    this.#reliable.send({ bytes: copy, channel: "reliable", delivered: false }, this.#clock());
  }

  protected shut(code: number, reason: string): void {
    const close = { code, reason };
    this.#reliable.send(
      { bytes: NO_BYTES, channel: "reliable", close, delivered: false },
      this.#clock(),
    );
  }
}

/**
 * Two Transports (path `"simulated"`) joined by seeded links on a manual clock.
 * @example
 * const link = simulatedTransportPair({ unreliable: { latencyMs: 40, loss: 0.05 } });
 * host.accept(link.b);
 * // each ms of the test: link.poll(now)
 */
export function simulatedTransportPair(
  options: SimulatedTransportOptions = {},
): SimulatedTransportPair {
  const seed = options.seed ?? 1;
  const withUnreliable = options.unreliableChannel ?? true;
  let now = 0;
  let opened = false;
  const clock = () => now;
  const reliable = (k: number) =>
    new SimulatedLink<Flight>({ ...options.reliable, ordered: true, seed: seed * 4 + k });
  const unordered = (k: number) =>
    withUnreliable
      ? new SimulatedLink<Flight>({ ...options.unreliable, ordered: false, seed: seed * 4 + k })
      : null;
  const links = {
    ab: reliable(0),
    ba: reliable(1),
    abU: unordered(2),
    baU: unordered(3),
  };
  const a = new SimulatedEnd(links.ab, links.abU, clock);
  const b = new SimulatedEnd(links.ba, links.baU, clock);
  const carry = (from: SimulatedEnd, link: SimulatedLink<Flight> | null, to: SimulatedEnd) => {
    if (!link) return;
    for (const f of link.poll(now)) {
      if (f.channel === "reliable" && !f.close) from.landed(f);
      to.deliver(f);
    }
  };
  return {
    a,
    b,
    poll(at: number) {
      now = at;
      if (!opened) {
        opened = true;
        a.open();
        b.open();
      }
      carry(a, links.ab, b);
      carry(a, links.abU, b);
      carry(b, links.ba, a);
      carry(b, links.baU, a);
    },
    get inFlight() {
      return links.ab.size + links.ba.size + (links.abU?.size ?? 0) + (links.baU?.size ?? 0);
    },
    get dropped() {
      return (links.abU?.lost ?? 0) + (links.baU?.lost ?? 0);
    },
    sever(code = 1006, reason = "link severed") {
      for (const l of [links.ab, links.ba, links.abU, links.baU]) l?.poll(Number.POSITIVE_INFINITY);
      a.cut(code, reason);
      b.cut(code, reason);
    },
  };
}
