// The accounts a moderator muted in this room (POST /v1/rooms/:roomId/players/:playerId/mute),
// kept in the object's storage so a mute outlasts the player's reconnection, a new seat and a
// restart of the object (eviction, deploy). The room core's voice relay enforces them
// (shared/room/room-voice.ts); a game without voice keeps them for the inspection only.

import type { RoomCore } from "../../shared/room/room-core.js";
import { accountMuteKey } from "../../shared/room/room-voice.js";

/** The storage key of the muted accounts. */
export const ROOM_MUTES_KEY = "muted-accounts";

/** A room's muted accounts, in memory and in storage. */
export class RoomMutes {
  readonly #accounts: Set<string>;

  private constructor(accounts: readonly string[]) {
    this.#accounts = new Set(accounts);
  }

  /** Reads the stored mutes (none stored: nobody is muted). */
  static async load(storage: DurableObjectStorage): Promise<RoomMutes> {
    return new RoomMutes((await storage.get<string[]>(ROOM_MUTES_KEY)) ?? []);
  }

  /** Whether `accountId` is muted in this room. */
  has(accountId: string): boolean {
    return this.#accounts.has(accountId);
  }

  /**
   * Mutes or unmutes `accountIds` and stores the result (awaited: the RPC answers once the
   * mute is durable, so a restart right after it cannot forget it).
   */
  async set(
    storage: DurableObjectStorage,
    accountIds: readonly string[],
    muted: boolean,
  ): Promise<void> {
    for (const id of accountIds) {
      if (muted) this.#accounts.add(id);
      else this.#accounts.delete(id);
    }
    await storage.put(ROOM_MUTES_KEY, [...this.#accounts].sort());
  }

  /** Hands the mutes to a freshly built core's voice relay (none without voice). */
  applyTo(core: RoomCore<unknown>): void {
    core.voice?.restoreMutes([...this.#accounts].map(accountMuteKey));
  }
}
