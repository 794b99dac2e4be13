// Room persistence: a snapshot of the room core (world, tick, players) in the Durable
// Object's storage, written on a coarse timer while the room runs and once when it empties
// — never from the tick, as storage writes hold outgoing messages until they land. After an
// eviction or a deploy the object reads it back and the core continues from it.

import type { GameDefinition } from "../../shared/game/game-definition.js";
import { ROOM_SNAPSHOT_FORMAT, type RoomSnapshot } from "../../shared/room/room-snapshot.js";

/** The storage key of the latest snapshot. */
export const ROOM_SNAPSHOT_KEY = "room-snapshot";

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
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param take builds the snapshot to store (RoomCore.snapshot) */
  constructor(storage: DurableObjectStorage, take: () => RoomSnapshot, intervalMs: number) {
    this.#storage = storage;
    this.#take = take;
    this.#intervalMs = intervalMs;
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

  /** Writes a snapshot now. A failed write is logged: the next interval tries again. */
  async save(): Promise<void> {
    try {
      await this.#storage.put(ROOM_SNAPSHOT_KEY, this.#take());
    } catch (e) {
      console.error("room snapshot save failed", e);
    }
  }
}
