// A zone's persistent state: its room's snapshot (world, tick, players) plus what makes its
// players a zone's — where each one's avatar is (here, parked on its way in, gone on), the
// last world input applied, the handoffs under way and the tickets neighbours announced.
// Ghosts are not kept: a restored zone drops the entities that were ghosts (its neighbours
// send fresh batches). Structured-cloneable, like the room's, so a host stores it as is.
// A zone asks its host to store one at every handoff step (ZoneSink.persist: a ticket
// issued, expected or confirmed, a traveller parked, a commit sent or taken in), so a
// restored zone never takes back an avatar it handed on nor forgets one handed to
// it or on its way; between those, a restore rolls the zone back to its snapshot and its
// players' clients send again the world inputs it lacks.

import type { RoomSnapshot } from "../room/room-snapshot.js";
import type { ZoneId } from "./zone-grid.js";
import type { CommitMessage } from "./zone-messages.js";
import type { Arrival, AvatarPlace, Departure } from "./zone-player.js";

/** One zone player at the time of the snapshot. */
export interface ZonePlayerDump {
  readonly id: number;
  readonly place: AvatarPlace;
  /** The last world input applied here (NO_WORLD_SEQ: none). */
  readonly applied: number;
  readonly departure?: Departure;
  readonly arrival?: Arrival;
}

/** A ticket a neighbour announced, not yet presented. */
export interface ExpectedDump {
  readonly nonce: string;
  readonly from: ZoneId;
  /** Host time it expires, ms (the same object's clock restores it). */
  readonly expiresAt: number;
}

/** The zone's part of its snapshot. */
export interface ZoneDump {
  readonly players: ZonePlayerDump[];
  readonly expected: ExpectedDump[];
  /** Commits that arrived and wait for the next tick boundary to be adopted. */
  readonly commits: CommitMessage[];
  /** Entities that were ghosts or placeholders: a restored zone despawns them. */
  readonly ghosts: Int32Array;
}

/** What a zone persists: its room's snapshot and its zone part. */
export interface ZoneSnapshot extends RoomSnapshot {
  /** Absent in a room's snapshot: its players then cannot resume in the zone. */
  readonly zone?: ZoneDump;
}
