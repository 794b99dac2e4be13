// RegionPing: a tiny Durable Object per region, created with that region's locationHint,
// that answers at once. A client timing `GET /v1/regions/:id/ping` measures its real round
// trip to a Durable Object in that region (the Worker in between runs at the client's edge).
// It holds no state and hibernates between pings.

import { DurableObject } from "cloudflare:workers";

/** What a ping answers. */
export interface PingAnswer {
  readonly region: string;
  /** The object's clock, Unix ms. */
  readonly at: number;
}

/** Answers pings for one region. */
export class RegionPing extends DurableObject {
  /** RPC: an immediate answer. */
  ping(region: string): PingAnswer {
    return { region, at: Date.now() };
  }
}
