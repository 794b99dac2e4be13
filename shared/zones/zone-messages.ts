// What zones tell each other (Durable Object to Durable Object, over RPC: plain
// structured-cloneable objects). Ghost batches flow every few ticks to each neighbour; the
// rest is the handoff of one traveller, named by its ticket's nonce:
//
//   A (current)                      B (next)                     client
//   ── expect(nonce) ─────────────▶  holds the ticket
//   ◀────────────────── expecting ─  (so no HELLO beats the expect)
//   ZONE_TICKET ─────────────────────────────────────────────────▶ gets the ticket
//                                    HELLO(token=ticket) ◀──────── connects to B (parked)
//   ◀──────────── parked(firstSeq) ─ first inputs buffered
//   tick boundary: avatar out,
//   ── commit(lastSeq, record) ────▶ next tick boundary: avatar in ─▶ ZONE_SWITCH (from A)
//   ◀─────────────────── adopted ─── (its entity id)             closes A's link
//   either side: ── cancel ──▶ (ticket expired, avatar turned back)

import type { EntityRecord } from "./entity-record.js";
import type { ZoneId } from "./zone-grid.js";

/** A zone's ghosts for the receiver (ghost-batch.ts bytes; the receiver's own copy). */
export interface GhostsMessage {
  readonly type: "ghosts";
  readonly from: ZoneId;
  readonly bytes: Uint8Array;
}

/** A traveller may present ticket `nonce` until `expiresAt` (the issuer's clock, ms). */
export interface ExpectMessage {
  readonly type: "expect";
  readonly from: ZoneId;
  readonly nonce: string;
  readonly name: string;
  readonly accountId?: string;
  readonly ttlMs: number;
}

/** The receiver of `expect` holds the ticket: the issuer may give it to the client now. */
export interface ExpectingMessage {
  readonly type: "expecting";
  readonly from: ZoneId;
  readonly nonce: string;
}

/** The traveller's client is connected and its inputs from `firstSeq` on are buffered. */
export interface ParkedMessage {
  readonly type: "parked";
  readonly from: ZoneId;
  readonly nonce: string;
  readonly firstSeq: number;
}

/** Authority moves: the avatar after input `lastSeq`, its issuer's entity id and data. */
export interface CommitMessage {
  readonly type: "commit";
  readonly from: ZoneId;
  readonly nonce: string;
  readonly lastSeq: number;
  /** The avatar's entity id in the issuer (the receiver may hold a ghost of it). */
  readonly entity: number;
  readonly record: EntityRecord;
  /** The player's persistent data, moving with its one owner (ZoneSink.carryOut). */
  readonly carry?: unknown;
}

/** The avatar is the receiver's now, as its entity `entity`. */
export interface AdoptedMessage {
  readonly type: "adopted";
  readonly from: ZoneId;
  readonly nonce: string;
  readonly entity: number;
}

/** The handoff `nonce` is off. */
export interface CancelMessage {
  readonly type: "cancel";
  readonly from: ZoneId;
  readonly nonce: string;
}

/** Any zone-to-zone message. */
export type ZoneMessage =
  | GhostsMessage
  | ExpectMessage
  | ExpectingMessage
  | ParkedMessage
  | CommitMessage
  | AdoptedMessage
  | CancelMessage;
