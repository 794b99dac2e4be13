// Player data inside a room: each joining account's documents are loaded in the background
// (the tick never waits), game code reads and writes them through PlayerData, and the room
// saves what changed when the player leaves and every few seconds while the room runs.
// Saves of one account run one after another so versions advance in order; a write that
// meets a newer version is re-applied on top of it: for the keys a room manages, the room's
// value wins. One room at a time owns an account's documents (a lease, PlayerDataOwners): a
// room the account joins while another holds them leaves them unloaded (`loaded` false, no
// onLoad, nothing saved) and takes them over at a periodic save once that room released the
// lease (the player left it) or the lease expired (that room died). The last leave saves,
// then releases the lease. In a zoned world the documents move with a traveller (carryOut in
// the zone it leaves, carryIn in the zone that adopts it, the lease handed over in D1): one
// zone at a time holds and writes them (carried-documents.ts). Every room keeps the documents
// it holds with its snapshot (`held`), and a restarted room takes them back (`hold`), never
// over a newer save. The accounts, their queues and their leases are room-accounts.ts's.

import type { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import type { PlayerDataRepository } from "../../server/player-data/player-data-repository.js";
import type { PlayerData, RoomDataHooks } from "../../shared/game/player-documents.js";
import type { ConnectionId } from "../../shared/room/room-sink.js";
import {
  AccountData,
  accountOfHeld,
  type CarriedData,
  type HeldData,
  heldOf,
} from "./account-data.js";
import { reconcileHeld, saveAccount } from "./account-store.js";
import { carryIn, carryOut } from "./carried-documents.js";
import { type DocumentLeases, RoomAccounts } from "./room-accounts.js";

/** Loads, caches and saves the data of the accounts playing in one room. */
export class RoomPlayerData {
  readonly #accounts: RoomAccounts;
  readonly #seated: (playerId: number) => boolean;

  constructor(options: {
    repo: PlayerDataRepository;
    owners: DocumentLeases;
    schemas: DocumentSchemas;
    hooks: RoomDataHooks;
    roomId: string;
    /** Unix ms. */
    now: () => number;
    tick: () => number;
    /**
     * Whether player `playerId` still has its seat, connected or waiting out its grace period
     * (a restarted zone's held documents wait for their seats' resume while it does).
     * @default every seat is
     */
    seated?: (playerId: number) => boolean;
  }) {
    this.#seated = options.seated ?? (() => true);
    const store = {
      repo: options.repo,
      schemas: options.schemas,
      keys: options.hooks.keys,
      roomId: options.roomId,
      now: options.now,
    };
    this.#accounts = new RoomAccounts(store, options.owners, options.hooks, options.tick);
  }

  /** The data of the account behind a connection. */
  of(conn: ConnectionId): PlayerData | undefined {
    return this.#accounts.byConn.get(conn);
  }

  /** A player joined: load the account's documents in the background. */
  join(conn: ConnectionId, accountId: string, playerId: number): void {
    let account = this.#accounts.byAccount.get(accountId);
    const fresh = !account;
    if (!account) {
      account = new AccountData(accountId);
      this.#accounts.byAccount.set(accountId, account);
    }
    account.conns.set(conn, playerId);
    this.#accounts.byConn.set(conn, account);
    const a = account;
    if (fresh) this.#accounts.enqueue(a, () => this.#accounts.claimAndLoad(a));
    // Every seat of the account gets its onLoad once the documents are there (a late load,
    // after another room let them go, runs every seat's onLoad itself).
    this.#accounts.enqueue(a, async () => {
      if (a.loaded && a.conns.has(conn)) this.#accounts.greet(a, conn, playerId);
    });
  }

  /**
   * Player `playerId`'s avatar leaves for another zone (ZoneSink.carryOut, at the commit's
   * tick) with its documents; undefined when they stay (carried-documents.ts).
   */
  carryOut(playerId: number): CarriedData | undefined {
    return carryOut(this.#accounts, playerId);
  }

  /**
   * Player `playerId`'s avatar arrived with `carry` (ZoneSink.carryIn, at the adoption's tick):
   * its documents are this room's at once (carried-documents.ts).
   */
  carryIn(playerId: number, carry: unknown): void {
    carryIn(this.#accounts, playerId, carry);
  }

  /**
   * The documents this room holds (loaded, its own or on their way here), with the seats
   * greeted: stored with the room's snapshot, in the same write.
   */
  held(): HeldData[] {
    return heldOf(this.#accounts.byAccount.values(), this.#accounts.roomId, this.#accounts.now());
  }

  /**
   * A restarted room takes back the documents it held at its snapshot (what `held` gave): the
   * lease is renewed (or moved here, if a carry's transfer had not landed), a document saved
   * since the snapshot replaces the held copy (reconcileHeld), the seats that resume take
   * them back without a second onLoad, and an account with no seat to come back is saved and
   * let go, as at a leave. A copy whose lease another room holds by now is stale and
   * dropped: its seats claim the documents as a join does.
   */
  hold(kept: readonly HeldData[]): void {
    for (const h of kept) {
      const a = accountOfHeld(h);
      this.#accounts.byAccount.set(a.accountId, a);
      this.#accounts.enqueue(a, async () => {
        await this.#accounts.moveLease(a);
        if (!a.owned) return this.#drop(a);
        await reconcileHeld(this.#accounts.store, a, h.heldAt);
        if (a.conns.size > 0 || a.resuming.size > 0) return;
        await saveAccount(this.#accounts.store, a);
        await this.#accounts.let(a);
      });
    }
  }

  /**
   * The seats a restarted room held whose players never came back (no longer `seated`: their
   * grace period ran out) leave as a dropped player does: the game's onLeave, a save, and with
   * the account's last seat gone its lease released. Resolves once saved (or given up on).
   */
  unresumed(): Promise<void> {
    const saves: Promise<void>[] = [];
    for (const a of this.#accounts.byAccount.values()) {
      const gone = [...a.resuming].filter((id) => !this.#seated(id));
      if (gone.length === 0) continue;
      for (const id of gone) a.resuming.delete(id);
      saves.push(
        this.#accounts.enqueue(a, async () => {
          if (a.loaded)
            for (const id of gone) this.#accounts.hooks.onLeave?.(a, this.#accounts.ctx(id));
          await saveAccount(this.#accounts.store, a);
          if (a.conns.size === 0 && a.resuming.size === 0) await this.#accounts.let(a);
        }),
      );
    }
    return Promise.all(saves).then(() => undefined);
  }

  /** A player left: run onLeave and save; resolves once saved (or given up on). */
  leave(conn: ConnectionId): Promise<void> {
    const a = this.#accounts.byConn.get(conn);
    if (!a) return Promise.resolve();
    this.#accounts.byConn.delete(conn);
    const playerId = a.conns.get(conn)!;
    a.conns.delete(conn);
    a.greeted.delete(conn);
    return this.#accounts.enqueue(a, async () => {
      if (a.loaded) this.#accounts.hooks.onLeave?.(a, this.#accounts.ctx(playerId));
      await saveAccount(this.#accounts.store, a);
      if (a.conns.size === 0) await this.#accounts.let(a);
    });
  }

  /**
   * The periodic save: every owned account's changed documents are saved and its lease
   * renewed; an account still waiting for its documents tries to take them over; one whose
   * last player left but whose final save failed is saved again and let go.
   */
  async flush(): Promise<void> {
    this.unresumed();
    // The leases still held are renewed together once the saves are done: one D1 statement
    // for the room, not one per account (200 queries every 30 s at 200 players, each costing
    // workerd memory: docs/reliability.md#memory).
    const held: string[] = [];
    await Promise.all(
      [...this.#accounts.byAccount.values()].map((a) =>
        this.#accounts.enqueue(a, async () => {
          // A restored seat still in its grace period keeps its documents (and their lease).
          const idle = a.conns.size === 0 && a.resuming.size === 0;
          if (!a.owned) {
            if (idle) return this.#accounts.let(a);
            await this.#accounts.claimAndLoad(a);
            if (a.loaded)
              for (const [conn, playerId] of a.conns) this.#accounts.greet(a, conn, playerId);
            return;
          }
          await saveAccount(this.#accounts.store, a);
          if (idle) return this.#accounts.let(a);
          held.push(a.accountId);
        }),
      ),
    );
    await this.#accounts.renew(held);
  }

  /** Resolves once every load and save queued so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.#accounts.byAccount.values()].map((a) => a.queue));
  }

  /** A held copy another room's lease overtook: its seats claim the documents afresh. */
  #drop(a: AccountData): void {
    a.gone = true;
    if (this.#accounts.byAccount.get(a.accountId) === a)
      this.#accounts.byAccount.delete(a.accountId);
    for (const [conn, id] of a.conns) {
      this.#accounts.byConn.delete(conn);
      this.join(conn, a.accountId, id);
    }
  }
}
