// The travellers a zone's neighbours announced (`expect`, over RPC): a zone ticket is no
// signed token, so the zone admits its HELLO as the account the issuing zone named, while the
// zone core still expects the ticket. A traveller that arrived keeps its entry while it holds
// a seat here: its client redials the link the ticket opened with the same ticket and its
// resume token, and the zone admits that for the seat's own resume token only. Kept with
// the zone's snapshot, so a restarted zone still knows who arrived with which ticket.

import type { HelloMessage } from "../../shared/protocol/client-messages.js";
import type { ZoneCore } from "../../shared/zones/zone-core.js";
import { decodeTicket } from "../../shared/zones/zone-ticket.js";

/** The storage key of a zone's travellers (stored with its snapshot). */
export const ZONE_TRAVELLERS_KEY = "zone-travellers";

/** How long an arrived traveller's ticket is known at least, ms (its seat keeps it after). */
const ARRIVED_MS = 60_000;

/** A traveller a neighbour announced, by its ticket's nonce. */
export interface Traveller {
  readonly accountId: string;
  /** Local ms: the ticket's expiry, then (arrived) the least time its entry is kept. */
  until: number;
  arrived?: boolean;
}

/** A zone's announced and arrived travellers. */
export class ZoneTravellers {
  readonly #byNonce: Map<string, Traveller>;

  /** @param kept what a restored zone stored with its snapshot */
  constructor(kept: readonly [string, Traveller][] = []) {
    this.#byNonce = new Map(kept);
  }

  /** A neighbour announced ticket `nonce` for `accountId`, valid until `until` (local ms). */
  announce(nonce: string, accountId: string, until: number): void {
    this.#byNonce.set(nonce, { accountId, until });
  }

  /** What is stored with the zone's snapshot. */
  entries(): [string, Traveller][] {
    return [...this.#byNonce];
  }

  /**
   * The account a zone ticket's HELLO admits to `zone`: the announced one while the zone core
   * still expects the ticket; or, for a HELLO that resumes, the traveller that arrived with
   * it, if the resume token is its seat's. Undefined for anything else.
   */
  accountOf(hello: HelloMessage, zone: ZoneCore<unknown>, now: number): string | undefined {
    const t = decodeTicket(hello.token);
    if (!t.ok || t.value.to !== zone.id) return undefined;
    this.#forget(zone, now);
    const who = this.#byNonce.get(t.value.nonce);
    if (!who) return undefined;
    if (zone.admits(hello.token)) {
      // Arriving now: kept while its seat is (a minute at least: the seat is made after this).
      who.arrived = true;
      who.until = now + ARRIVED_MS;
      return who.accountId;
    }
    const resumes = hello.resume !== "" && zone.room.resumes(hello.resume, who.accountId);
    return who.arrived && resumes ? who.accountId : undefined;
  }

  /** Drops the announcements expired, and the arrivals whose player left. */
  #forget(zone: ZoneCore<unknown>, now: number): void {
    const seated = new Set<string | undefined>();
    for (const p of zone.room.players()) seated.add(p.accountId);
    for (const [nonce, w] of this.#byNonce) {
      if (w.until > now) continue;
      if (!w.arrived || !seated.has(w.accountId)) this.#byNonce.delete(nonce);
    }
  }
}
