// Leases on accounts' player data: one room at a time loads and saves an account's
// documents. Two rooms saving the same documents each re-applied their own value over the
// other's (issue 19: "version conflict persists", counts lost), so a room claims the lease
// before loading, renews it with each periodic save, and releases it after the final save
// when the player leaves; a room that dies without releasing it loses it when it expires.

import { retry } from "../d1/retry.js";
import { isTransientD1Error } from "../d1/transient-error.js";

/** How long a lease lasts without renewal, ms: three periodic saves. */
export const PLAYER_DATA_LEASE_MS = 90_000;

const RETRY = { attempts: 3, baseMs: 20, retryable: isTransientD1Error } as const;

/** The lease table (migrations/0010_player_data_owner.sql). */
export class PlayerDataOwners {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /**
   * Takes or renews `accountId`'s lease for `roomId` until `now + PLAYER_DATA_LEASE_MS`; true
   * when the room holds it now, false while another room's lease runs.
   */
  async claim(accountId: string, roomId: string, now: number): Promise<boolean> {
    const out = await retry(
      () =>
        this.#db
          .prepare(
            `INSERT INTO player_data_owners (account_id, room_id, expires_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (account_id) DO UPDATE SET room_id = excluded.room_id, expires_at = excluded.expires_at
             WHERE player_data_owners.room_id = excluded.room_id OR player_data_owners.expires_at <= ?4`,
          )
          .bind(accountId, roomId, now + PLAYER_DATA_LEASE_MS, now)
          .run(),
      RETRY,
    );
    return (out.meta.changes ?? 0) > 0;
  }

  /**
   * Renews the leases `roomId` holds on `accountIds` until `now + PLAYER_DATA_LEASE_MS`, in
   * one statement whatever their number (the account ids go as one JSON array, so D1's 100
   * bound parameters are no limit). A room renews every seat's lease at each periodic save:
   * a statement per account was 200 D1 queries every 30 s in a 200-player room, and each
   * costs the runtime memory (docs/reliability.md#memory). A lease another room holds now, or
   * one released meanwhile, is left as it is (nothing is inserted); returns how many were
   * renewed.
   */
  async renew(accountIds: readonly string[], roomId: string, now: number): Promise<number> {
    if (accountIds.length === 0) return 0;
    const out = await retry(
      () =>
        this.#db
          .prepare(
            `UPDATE player_data_owners SET expires_at = ?1
             WHERE room_id = ?2 AND account_id IN (SELECT value FROM json_each(?3))`,
          )
          .bind(now + PLAYER_DATA_LEASE_MS, roomId, JSON.stringify(accountIds))
          .run(),
      RETRY,
    );
    return out.meta.changes ?? 0;
  }

  /**
   * Hands `accountId`'s lease from room `from` to room `to` (a zoned world's traveller: its
   * documents moved with it) until `now + PLAYER_DATA_LEASE_MS`; true when `to` holds it now,
   * false when a third room's lease runs (`from`'s expired and another room took it).
   */
  async transfer(accountId: string, from: string, to: string, now: number): Promise<boolean> {
    const out = await retry(
      () =>
        this.#db
          .prepare(
            `INSERT INTO player_data_owners (account_id, room_id, expires_at) VALUES (?1, ?3, ?4)
             ON CONFLICT (account_id) DO UPDATE SET room_id = excluded.room_id, expires_at = excluded.expires_at
             WHERE player_data_owners.room_id IN (?2, ?3) OR player_data_owners.expires_at <= ?5`,
          )
          .bind(accountId, from, to, now + PLAYER_DATA_LEASE_MS, now)
          .run(),
      RETRY,
    );
    return (out.meta.changes ?? 0) > 0;
  }

  /** Gives `accountId`'s lease up if `roomId` holds it. */
  async release(accountId: string, roomId: string): Promise<void> {
    await retry(
      () =>
        this.#db
          .prepare("DELETE FROM player_data_owners WHERE account_id = ? AND room_id = ?")
          .bind(accountId, roomId)
          .run(),
      RETRY,
    );
  }

  /** The room holding `accountId`'s lease at `now`, if any (tests, operators). */
  async owner(accountId: string, now: number): Promise<string | undefined> {
    const row = await this.#db
      .prepare("SELECT room_id FROM player_data_owners WHERE account_id = ? AND expires_at > ?")
      .bind(accountId, now)
      .first<{ room_id: string }>();
    return row?.room_id;
  }
}
