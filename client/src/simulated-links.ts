// A connection's simulated network (ConnectOptions.simulate): one SimulatedLink each way, both
// ordered (the transport is a reliable stream), seeded one apart so their draws differ. Frames
// wait in them and come out of poll() when due.

import type { SimulateOptions } from "./connect-options.js";
import { SimulatedLink } from "./simulated-link.js";
import type { Channel } from "./transport/transport.js";

/** A frame held by the simulated downlink, with the channel it came on. */
interface HeldFrame {
  readonly bytes: Uint8Array;
  readonly channel: Channel;
}

/** Where the frames due come out: sent on the real link, or received from the room. */
export interface SimulatedLinksOut {
  send(bytes: Uint8Array): void;
  receive(bytes: Uint8Array, channel: Channel): void;
}

/** The simulated uplink and downlink of a connection. */
export class SimulatedLinks {
  readonly #up: SimulatedLink<Uint8Array>;
  readonly #down: SimulatedLink<HeldFrame>;
  readonly #out: SimulatedLinksOut;

  constructor(sim: SimulateOptions, out: SimulatedLinksOut) {
    this.#out = out;
    const seed = sim.seed ?? 1;
    this.#up = new SimulatedLink({ ...sim, ordered: true, seed });
    this.#down = new SimulatedLink({ ...sim, ordered: true, seed: seed + 1 });
  }

  /** Holds `bytes` on the uplink from `now` (ms); they are kept as they are, not copied. */
  send(bytes: Uint8Array, now: number): void {
    this.#up.send(bytes, now);
  }

  /** Holds a frame from the room on the downlink from `now` (ms). */
  arrived(bytes: Uint8Array, channel: Channel, now: number): void {
    this.#down.send({ bytes, channel }, now);
  }

  /** Hands out what is due at `now`: the uplink's frames first, then the downlink's. */
  poll(now: number): void {
    for (const bytes of this.#up.poll(now)) this.#out.send(bytes);
    for (const f of this.#down.poll(now)) this.#out.receive(f.bytes, f.channel);
  }
}
