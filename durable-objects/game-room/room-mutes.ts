// The accounts a moderator muted in this room (POST /v1/rooms/:roomId/players/:playerId/mute),
// kept in the object's storage so a mute outlasts the player's reconnection, a new seat and a
// restart of the object (eviction, deploy). The room core's voice relay enforces them
// (shared/room/room-voice.ts); a game without voice keeps them for the inspection only.

import type { RoomCore } from "../../shared/room/room-core.js";
import { accountMuteKey } from "../../shared/room/room-voice.js";
import { matches, type PlayerTarget } from "./room-moderation.js";

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

  /**
   * Mutes or unmutes the accounts of `core`'s seats that match `target` (connected or waiting
   * out a grace period); returns how many seats matched. The voice relay stops (or resumes)
   * relaying them at once and tells every player (VOICE_STATE).
   */
  async muteSeats(
    core: RoomCore<unknown>,
    storage: DurableObjectStorage,
    target: PlayerTarget,
    muted: boolean,
  ): Promise<number> {
    const seats = core
      .players()
      .filter((p): p is typeof p & { accountId: string } => p.accountId !== undefined)
      .filter((p) => matches(target, { playerId: p.playerId, accountId: p.accountId }));
    if (seats.length === 0) return 0;
    await this.set(
      storage,
      seats.map((p) => p.accountId),
      muted,
    );
    for (const p of seats) core.voice?.setMuted(p.playerId, muted);
    return seats.length;
  }

  /** Hands the mutes to a freshly built core's voice relay (none without voice). */
  applyTo(core: RoomCore<unknown>): void {
    core.voice?.restoreMutes([...this.#accounts].map(accountMuteKey));
  }
}
