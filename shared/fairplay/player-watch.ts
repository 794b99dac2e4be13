// What a room's detectors keep of one seated player: its account (the key its strikes are
// remembered by), its input and motion watches, its declared actions, its refused RPC calls
// in the current second, and the input sequence the coming tick applies.

import type { ActionWatch } from "./action-watch.js";
import type { InputRateWatch } from "./input-rate-watch.js";
import type { MotionWatch } from "./motion-watch.js";

/** After a host restart re-attaches a link, its acknowledgements are not judged for this long, ms. */
export const REATTACH_GRACE_MS = 5000;

/** What the detectors keep of one seated player. */
export interface PlayerWatch {
  readonly playerId: number;
  /** Whose strikes these are: the account, or `player:<id>` on hosts without accounts. */
  readonly key: string;
  readonly accountId: string | undefined;
  input: InputRateWatch;
  readonly motion: MotionWatch | null;
  readonly actions: Map<string, ActionWatch>;
  /** Refused RPC calls in the second starting at `refusedSecond`. */
  refusedSecond: number;
  refused: number;
  /** Acknowledgements are not judged before this (a re-attached link), ms. */
  clockFrom: number;
  /** The input sequence the last tick applied (u32). */
  seq: number;
}
