// The accounts behind a room's player data (RoomPlayerData), and what every way of holding
// them shares: each account's queue (its loads and saves run one after another, so versions
// advance in order), the game's onLoad once per seat, and the account's lease (PlayerDataOwners:
// one room at a time owns an account's documents) — claimed with a load, moved here from the
// zone a traveller left, released once the account's last seat is gone.

import type { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import type { DataHookContext, RoomDataHooks } from "../../shared/game/player-documents.js";
import type { ConnectionId } from "../../shared/room/room-sink.js";
import type { AccountData } from "./account-data.js";
import { type AccountStore, loadAccount } from "./account-store.js";

/** The lease operations a room's player data uses. */
export type DocumentLeases = Pick<PlayerDataOwners, "claim" | "release" | "renew" | "transfer">;

/** The accounts of one room's player data, by account and by connection. */
export class RoomAccounts {
  /** Where the documents are read and written (account-store.ts). */
  readonly store: AccountStore;
  /** The game's player-data hooks (onLoad, onLeave) and its document keys. */
  readonly hooks: RoomDataHooks;
  readonly roomId: string;
  /** Unix ms. */
  readonly now: () => number;
  /** The accounts this room holds (or waits for), by account id. */
  readonly byAccount = new Map<string, AccountData>();
  /** The account behind each seated connection. */
  readonly byConn = new Map<ConnectionId, AccountData>();
  readonly #owners: DocumentLeases;
  readonly #tick: () => number;

  constructor(
    store: AccountStore,
    owners: DocumentLeases,
    hooks: RoomDataHooks,
    tick: () => number,
  ) {
    this.store = store;
    this.hooks = hooks;
    this.roomId = store.roomId;
    this.now = store.now;
    this.#owners = owners;
    this.#tick = tick;
  }

  /** The seat of player `playerId` and its account. */
  seat(playerId: number): { conn: ConnectionId; a: AccountData } | undefined {
    for (const [conn, a] of this.byConn) if (a.conns.get(conn) === playerId) return { conn, a };
    return undefined;
  }

  /** The game's onLoad, once per seat (a late load and a carried arrival may both offer it). */
  greet(a: AccountData, conn: ConnectionId, playerId: number): void {
    if (a.greeted.has(conn)) return;
    a.greeted.add(conn);
    // A seat a restarted zone held had its onLoad before the restart.
    if (a.resuming.delete(playerId)) return;
    this.hooks.onLoad?.(a, this.ctx(playerId));
  }

  /** What the game's hooks are told about player `playerId` now. */
  ctx(playerId: number): DataHookContext {
    return { roomId: this.roomId, tick: this.#tick(), playerId };
  }

  /** Runs `task` after the account's earlier loads and saves; a failure is logged. */
  enqueue(a: AccountData, task: () => Promise<void>): Promise<void> {
    a.queue = a.queue.then(task).catch((e: unknown) => {
      console.error(`room ${this.roomId}: player data of ${a.accountId}`, e);
    });
    return a.queue;
  }

  /** Takes the account's lease and loads its documents; with the lease elsewhere, waits. */
  async claimAndLoad(a: AccountData): Promise<void> {
    if (a.gone) return;
    a.owned = await this.#owners.claim(a.accountId, this.roomId, this.now());
    // The player left for another zone while the claim ran: the lease is not this room's.
    if (a.gone && a.owned) await this.#owners.release(a.accountId, this.roomId);
    if (a.gone) a.owned = false;
    if (a.owned) await loadAccount(this.store, a);
    // It left while the documents loaded: they are the next zone's to take (carryIn's takeOver).
    if (a.gone && a.owned) await this.#owners.release(a.accountId, this.roomId);
  }

  /** Moves `a`'s lease here from the zone its documents came from (`from`), if any. */
  async moveLease(a: AccountData): Promise<void> {
    const from = a.from ?? this.roomId;
    a.owned = await this.#owners.transfer(a.accountId, from, this.roomId, this.now());
    if (a.owned) a.from = undefined;
  }

  /** The account's last player left and its documents are saved: the lease goes, and the account. */
  async let(a: AccountData): Promise<void> {
    if (a.owned) await this.#owners.release(a.accountId, this.roomId);
    a.owned = false;
    // The player may have come back meanwhile (a new copy of the account): that one stays.
    if (this.byAccount.get(a.accountId) === a) this.byAccount.delete(a.accountId);
  }

  /** Renews the leases of `accountIds` together: one D1 statement for the room. */
  async renew(accountIds: string[]): Promise<void> {
    // A lease released or taken by another room meanwhile is left alone (renew's WHERE).
    await this.#owners.renew(accountIds, this.roomId, this.now()).catch((e: unknown) => {
      console.error(`room ${this.roomId}: renewing ${accountIds.length} player data leases`, e);
    });
  }
}
