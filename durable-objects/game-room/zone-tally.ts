// ZoneTally: what a zone counts for its figures (GET /v1/admin/worlds/:worldId/zones/:zoneId,
// bench:zones) besides its core's state — the stints of world inputs it applied per account
// (zone-input-ledger.ts), each handoff's commit → adoption time, and its links' counts — and
// keeps across its object's evictions: workerd evicts a zone ~10 s after it empties and the
// next call builds it afresh, so the tally is put in the object's storage when it empties and
// read back when it is built.

import { type InputStint, ZoneInputLedger } from "./zone-input-ledger.js";
import type { LinkCounts } from "./zone-links.js";

/** The storage key of a zone's tally. */
export const ZONE_TALLY_KEY = "zone-figures";

/** Handoff durations a zone keeps (the newest). */
export const MAX_HANDOFF_SAMPLES = 256;

/** The object's synchronous key-value storage (SQLite-backed objects' `ctx.storage.kv`). */
export interface ZoneStore {
  get<T>(key: string): T | undefined;
  put<T>(key: string, value: T): void;
}

/** What is stored. */
export interface Kept {
  readonly stints: readonly InputStint[];
  readonly links: LinkCounts;
  readonly handoffMs: readonly number[];
}

/** A zone's counts, restored from `store` if an earlier run of its object kept them. */
export class ZoneTally {
  readonly ledger: ZoneInputLedger;
  /** Handoffs out of the zone, commit sent → adoption received, ms. */
  readonly handoffMs: number[] = [];
  readonly #store: ZoneStore;
  /** Commits sent and not yet adopted: nonce → when (Date.now ms). */
  readonly #committed = new Map<string, number>();
  readonly #links: LinkCounts;

  /** @param links the zone's link counts: restored into, and kept from */
  constructor(store: ZoneStore, links: LinkCounts) {
    this.#store = store;
    this.#links = links;
    const kept = store.get<Kept>(ZONE_TALLY_KEY);
    this.ledger = new ZoneInputLedger(kept?.stints);
    if (kept) {
      this.handoffMs.push(...kept.handoffMs);
      Object.assign(links, kept.links);
    }
  }

  /** The zone sent the commit of handoff `nonce` at `now`. */
  committed(nonce: string, now: number): void {
    this.#committed.set(nonce, now);
  }

  /** The next zone's adoption of handoff `nonce` arrived at `now`. */
  adopted(nonce: string, now: number): void {
    const at = this.#committed.get(nonce);
    if (at === undefined) return;
    this.#committed.delete(nonce);
    this.handoffMs.push(now - at);
    if (this.handoffMs.length > MAX_HANDOFF_SAMPLES) this.handoffMs.shift();
  }

  /** What `keep` stores (a zone's snapshot stores it too, in the same write). */
  kept(): Kept {
    return { stints: this.ledger.stints, links: this.#links, handoffMs: this.handoffMs };
  }

  /** Stores the tally (an emptied zone's: never on the tick). */
  keep(): void {
    this.#store.put(ZONE_TALLY_KEY, this.kept());
  }
}
