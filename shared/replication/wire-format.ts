// Constants of the update format (docs/replication.md describes every bit). Everything is
// LSB-first bit-packed; sizes are in bits.

/**
 * Update kinds, the first 2 bits of an update.
 * - FULL      `00`: the whole visible state; the client drops anything not listed.
 * - DELTA     `01`: changes since the previous tick, which the client must hold.
 * - BASELINE  `10`: full states of what changed since an older tick the client holds.
 * - `11` is reserved and refused.
 */
export const UPDATE_KIND = {
  FULL: 0b00,
  DELTA: 0b01,
  BASELINE: 0b10,
} as const;

/** An {@link UPDATE_KIND} value. */
export type UpdateKind = (typeof UPDATE_KIND)[keyof typeof UPDATE_KIND];

/** Why an entity left a client's mirror: 1 bit per removal. */
export const REMOVAL_REASON = {
  /** `0`: out of the client's view (or no longer replicated); it may come back. */
  LEFT: 0,
  /** `1`: despawned on the server. */
  DESPAWNED: 1,
} as const;

/** A {@link REMOVAL_REASON} value. */
export type RemovalReason = (typeof REMOVAL_REASON)[keyof typeof REMOVAL_REASON];

/** Field widths of the update header and sections, bits. */
export const WIRE_BITS = {
  /** Update kind. */
  KIND: 2,
  /** Absolute tick in FULL updates. */
  TICK: 32,
  /** Low bits of the tick in DELTA and BASELINE updates (the client knows the rest). */
  TICK_LOW: 16,
  /** Exp-Golomb order of an id-gap list, sent before the list. */
  GAP_ORDER: 5,
  /** Removal reason. */
  REASON: 1,
  /** "The component set changed" flag of a delta entry. */
  STRUCTURE: 1,
  /** "Changed" flag of a component or field in a delta entry. */
  CHANGED: 1,
  /** Exp-Golomb order of a coded field's deltas in a DELTA's changes (coded-orders.ts). */
  CODED_ORDER: 5,
} as const;

/** Exp-Golomb order of prediction residuals (small corrections: 0 → 1 bit, ±1 → 3 bits). */
export const RESIDUAL_ORDER = 0;
