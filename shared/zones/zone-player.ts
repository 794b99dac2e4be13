// A player as its zone sees it: where its avatar is (here, parked on the way in, or gone to
// the next zone), its line of world inputs, and the handoff it takes part in, if any.

import type { ConnectionId } from "../room/room-sink.js";
import { InputLine } from "./input-line.js";
import type { ZoneId } from "./zone-grid.js";

/** Where a player's avatar is, for this zone. */
export type AvatarPlace =
  /** Here: the game simulates it with the player's inputs. */
  | "here"
  /** On its way in: the client is connected ahead of the crossing, its inputs buffered. */
  | "parked"
  /** Gone to the next zone: the seat waits for the old link to close. */
  | "gone";

/** An outgoing handoff: the ticket issued for the next zone. */
export interface Departure {
  readonly to: ZoneId;
  readonly nonce: string;
  readonly expiresAt: number;
  /** Whether the client got the ticket (sent once the next zone expects it). */
  ticketed: boolean;
  /** The first world input the next zone buffered (NO_WORLD_SEQ until it says). */
  firstSeq: number;
}

/** An incoming handoff: the ticket a parked player came with. */
export interface Arrival {
  readonly from: ZoneId;
  readonly nonce: string;
  /** Whether `parked` went to the issuer (sent once inputs are buffered). */
  parkedSent: boolean;
}

/** One player of a zone. */
export interface ZonePlayer<Input> {
  readonly id: number;
  place: AvatarPlace;
  conn: ConnectionId | undefined;
  readonly line: InputLine<Input>;
  /** The input applied last (applied again on a tick that finds none: the room's rule). */
  last: Input;
  departure?: Departure | undefined;
  arrival?: Arrival | undefined;
}

/** A fresh zone player; its line holds `capacity` inputs at most. */
export function newZonePlayer<Input>(
  id: number,
  place: AvatarPlace,
  idle: Input,
  capacity: number,
): ZonePlayer<Input> {
  return { id, place, conn: undefined, line: new InputLine<Input>(capacity), last: idle };
}
