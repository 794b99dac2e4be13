// The link under a RoomConnection: its transport (a resumed reconnection's replaces it), the
// simulated network in front of it (ConnectOptions.simulate) and the room's silence on it.
// Frames from the room reach the connection's `receive` (through the simulated downlink, if
// any) and the transport's close its `lost`; what the connection sends goes out reliably.

import type { SimulateOptions } from "./connect-options.js";
import { SilenceWatch } from "./silence-watch.js";
import { SimulatedLinks } from "./simulated-links.js";
import type { Channel, Transport } from "./transport/transport.js";

/** Where the link's events go (the connection's handlers). */
export interface RoomLinkEvents {
  /** A frame from the room. */
  receive(bytes: Uint8Array, channel: Channel): void;
  /** The transport closed under the connection. */
  lost(code: number, reason: string): void;
}

/** A connection's current transport, with its simulated network and its silence. */
export class RoomLink {
  #transport: Transport;
  readonly #events: RoomLinkEvents;
  /** The connection's clock, ms. */
  readonly #now: () => number;
  readonly #sim: SimulatedLinks | undefined;
  /** The room's silence, for the idle check (reconnect.idleTimeoutMs). */
  readonly #silence: SilenceWatch;

  constructor(
    transport: Transport,
    simulate: SimulateOptions | undefined,
    events: RoomLinkEvents,
    now: () => number,
  ) {
    this.#transport = transport;
    this.#events = events;
    this.#now = now;
    this.#silence = new SilenceWatch(now());
    if (simulate)
      this.#sim = new SimulatedLinks(simulate, {
        send: (bytes) => this.send(bytes),
        receive: (bytes, channel) => events.receive(bytes, channel),
      });
    this.attach(transport);
  }

  /** The transport now: its path, state and bytes queued. */
  get transport(): Transport {
    return this.#transport;
  }

  /** Takes `transport` as the link from now on (a resumed reconnection's). */
  attach(transport: Transport): void {
    this.#transport = transport;
    transport.onmessage = (bytes, channel) => {
      if (this.#sim) this.#sim.arrived(bytes, channel, this.#now());
      else this.#events.receive(bytes, channel);
    };
    transport.onclose = (code, reason) => this.#events.lost(code, reason);
    transport.onerror = null; // the close that follows carries the outcome
  }

  /**
   * Writes to the current link, reliably (inputs, pings, RPC calls: nothing the client sends
   * may be lost); false when it is not open (dropped, resuming, closed).
   */
  send(bytes: Uint8Array): boolean {
    if (this.#transport.state !== "open") return false;
    this.#transport.send(bytes, "reliable");
    return true;
  }

  /** A frame from the netcode core: on the simulated uplink if any (a copy: it waits there). */
  sendFrame(bytes: Uint8Array): void {
    if (this.#sim) this.#sim.send(bytes.slice(), this.#now());
    else this.send(bytes);
  }

  /**
   * A frame made for this send alone: on the simulated uplink as it is, if any (true), else
   * written at once (false when the link is not open).
   */
  sendOwn(bytes: Uint8Array): boolean {
    if (!this.#sim) return this.send(bytes);
    this.#sim.send(bytes, this.#now());
    return true;
  }

  /** The room was heard from (a frame arrived, or a new link was welcomed). */
  heard(): void {
    this.#silence.heard();
  }

  /** The connection polled at `at` (ms): the room's silence is counted (silence-watch.ts). */
  polled(at: number): void {
    this.#silence.polled(at);
  }

  /** Whether the room has been silent longer than `idleMs` (undefined: never). */
  silentLongerThan(idleMs: number | undefined): boolean {
    return this.#silence.longerThan(idleMs);
  }

  /** Hands out the simulated frames due at `at` (ms), if the network is simulated. */
  pollSimulated(at: number): void {
    this.#sim?.poll(at);
  }

  /** Closes the transport (its close still reaches `lost`). */
  close(code: number, reason: string): void {
    this.#transport.close(code, reason);
  }

  /**
   * Closes a transport found dead: its close does not reach `lost` (the connection handles
   * the loss itself).
   */
  giveUp(code: number, reason: string): void {
    this.#transport.onclose = null;
    this.#transport.close(code, reason);
  }

  /** Drops the transport as a network failure would: neither its frames nor its close come. */
  drop(code: number, reason: string): void {
    const transport = this.#transport;
    transport.onclose = null;
    transport.onmessage = null;
    transport.close(code, reason);
  }
}
