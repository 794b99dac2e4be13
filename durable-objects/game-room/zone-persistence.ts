// ZonePersistence: what a zone's object keeps so a restart (an eviction, a deploy) continues
// the zone and its players resume (docs/zones.md, "Restarts"). One write holds the zone's
// snapshot (its room's, plus each player's place, the handoffs under way, the tickets
// announced), its tally (the stints of world inputs applied) and the player documents it
// holds: one transaction, so they roll back together — a restored zone applies again the
// world inputs after its snapshot, and its ledger must not count them twice, nor its
// documents lose what the snapshot's world already shows.
// Written as a room's snapshot is (its interval, and when the zone empties) and at every
// handoff step the zone core asks for (ZoneSink.persist): after the call that asked, before
// the messages it queued for its neighbours leave (they go after the tick or the delivery,
// and an output gate holds what an object sends until its writes land).

import type { RoomCore } from "../../shared/room/room-core.js";
import type { ZoneCore } from "../../shared/zones/zone-core.js";
import type { ZoneSnapshot } from "../../shared/zones/zone-snapshot.js";
import type { HeldData } from "./account-data.js";
import { RoomPersistence } from "./room-persistence.js";

/** The storage key of the player documents a zone held at its snapshot (HeldData[]). */
export const ZONE_DOCUMENTS_KEY = "zone-documents";

/** The calls a host makes on a room's connections and clock (RoomCore's, or ZoneCore's). */
export type RoomDriver = Pick<
  RoomCore<unknown>,
  "open" | "hello" | "receive" | "disconnect" | "update" | "restore" | "restoreSpectator"
>;

/** A zone's snapshots: on the room's interval, when it empties, and when its core asks. */
export class ZonePersistence extends RoomPersistence {
  #asked = false;

  /**
   * @param take the zone's snapshot now
   * @param alongside the tally and documents stored in the same write
   */
  constructor(
    storage: DurableObjectStorage,
    take: () => ZoneSnapshot,
    intervalMs: number,
    alongside: () => Record<string, unknown>,
  ) {
    super(storage, take, intervalMs, alongside);
  }

  /** The zone core asked (ZoneSink.persist): stored once the current call returns. */
  ask(): void {
    this.#asked = true;
  }

  /** Stores a snapshot now if one was asked for since; the write is issued before it returns. */
  saveIfAsked(): void {
    if (!this.#asked) return;
    this.#asked = false;
    void this.save();
  }

  /**
   * `core` driven as a room is, storing what its calls ask for right after each: what a call
   * sends a client (a ticket, a switch) is said again on a resume, and what it queues for a
   * neighbour leaves later, behind the write.
   */
  driver(core: ZoneCore<unknown>): RoomDriver {
    const after = <T>(out: T): T => {
      this.saveIfAsked();
      return out;
    };
    return {
      open: (conn, now) => after(core.open(conn, now)),
      hello: (conn, msg, join, now) => after(core.hello(conn, msg, join, now)),
      receive: (conn, data, now) => after(core.receive(conn, data, now)),
      disconnect: (conn, now, resumable) => after(core.disconnect(conn, now, resumable)),
      update: (now) => after(core.update(now)),
      restore: (conn, player, now, seat) => after(core.restore(conn, player, now, seat)),
      restoreSpectator: (conn, now) => after(core.restoreSpectator(conn, now)),
    };
  }
}

/** The documents a restored zone held at its snapshot (stored beside it). */
export function heldDocuments(kept: unknown): readonly HeldData[] {
  return Array.isArray(kept) ? (kept as HeldData[]) : [];
}
