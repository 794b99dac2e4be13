// Room persistence: a snapshot of the room core (world, tick, players) in the Durable
// Object's storage, written on a coarse timer while the room runs and once when it empties
// — never from the tick, as storage writes hold outgoing messages until they land. After an
// eviction or a deploy the object reads it back and the core continues from it. The player
// documents the room holds are stored in the same write (ROOM_DOCUMENTS_KEY, room-run.ts):
// a restarted room takes back the documents its snapshot's world goes with, not the older
// copy its last 30 s save left in D1.

import type { GameDefinition } from "../../shared/game/game-definition.js";
import { ROOM_SNAPSHOT_FORMAT, type RoomSnapshot } from "../../shared/room/room-snapshot.js";

/** The storage key of the latest snapshot. */
export const ROOM_SNAPSHOT_KEY = "room-snapshot";

/**
 * The storage key of the player documents a room (not a zone: ZONE_DOCUMENTS_KEY) held at
 * its snapshot (HeldData[]).
 */
export const ROOM_DOCUMENTS_KEY = "room-documents";

/**
 * The documents entry a room's snapshot write carries (RoomPersistence's `alongside`): what
 * `held` gives, left out while it stays empty after an empty one was written (a game without
 * player documents, a room whose players hold none) so that such a room writes one row a
 * snapshot, not two. If such a write failed, the documents an older write stored come back at
 * a restart: the lease and reconcileHeld (account-store.ts) still keep them from going over
 * anything newer.
 */
export function documentsEntry(held: () => readonly unknown[]): () => Record<string, unknown> {
  let storedNone = false;
  return () => {
    const now = held();
    if (now.length === 0 && storedNone) return {};
    storedNone = now.length === 0;
    return { [ROOM_DOCUMENTS_KEY]: now };
  };
}

/**
 * Reads the stored snapshot if it belongs to this build of `game` (same name, schema and
 * format); another build's snapshot is ignored and the room starts fresh.
 */
export async function loadRoomSnapshot<Input>(
  storage: DurableObjectStorage,
  game: GameDefinition<Input>,
): Promise<RoomSnapshot | undefined> {
  const s = await storage.get<RoomSnapshot>(ROOM_SNAPSHOT_KEY);
  if (!s || s.format !== ROOM_SNAPSHOT_FORMAT) return undefined;
  if (s.game !== game.name || s.schema !== game.schema.fingerprint) return undefined;
  return s;
}

/** Saves a room's snapshots on an interval while it runs, and once more when it stops. */
export class RoomPersistence {
  readonly #storage: DurableObjectStorage;
  readonly #take: () => RoomSnapshot;
  readonly #intervalMs: number;
  readonly #alongside: (() => Record<string, unknown>) | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param take builds the snapshot to store (RoomCore.snapshot)
   * @param alongside further entries stored in the same write (one transaction: they roll
   *   back with the snapshot)
   */
  constructor(
    storage: DurableObjectStorage,
    take: () => RoomSnapshot,
    intervalMs: number,
    alongside?: () => Record<string, unknown>,
  ) {
    this.#storage = storage;
    this.#take = take;
    this.#intervalMs = intervalMs;
    this.#alongside = alongside;
  }

  /** The room started running: save every interval. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.save(), this.#intervalMs);
  }

  /** The room emptied: stop the timer and save its final state. */
  stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    return this.save();
  }

  /**
   * Writes a snapshot now; the write is issued before this returns its promise (so an output
   * gate holds what is sent after the call). A failed write is logged: the next interval
   * tries again.
   */
  async save(): Promise<void> {
    try {
      const snapshot = this.#take();
      if (this.#alongside)
        await this.#storage.put({ ...this.#alongside(), [ROOM_SNAPSHOT_KEY]: snapshot });
      else await this.#storage.put(ROOM_SNAPSHOT_KEY, snapshot);
    } catch (e) {
      console.error("room snapshot save failed", e);
    }
  }
}
