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
// zone at a time holds and writes them. Every room keeps the documents it holds with its
// snapshot (`held`), and a restarted room takes them back (`hold`), never over a newer save.

import type { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import type { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import type { PlayerDataRepository } from "../../server/player-data/player-data-repository.js";
import type {
  DataHookContext,
  PlayerData,
  RoomDataHooks,
} from "../../shared/game/player-documents.js";
import type { ConnectionId } from "../../shared/room/room-sink.js";
import {
  AccountData,
  accountOfHeld,
  type CarriedData,
  docsOf,
  type HeldData,
  heldOf,
  isCarriedData,
} from "./account-data.js";
import { type AccountStore, loadAccount, reconcileHeld, saveAccount } from "./account-store.js";

/** Loads, caches and saves the data of the accounts playing in one room. */
export class RoomPlayerData {
  readonly #store: AccountStore;
  readonly #owners: Pick<PlayerDataOwners, "claim" | "release" | "renew" | "transfer">;
  readonly #hooks: RoomDataHooks;
  readonly #roomId: string;
  readonly #now: () => number;
  readonly #tick: () => number;
  readonly #seated: (playerId: number) => boolean;
  readonly #accounts = new Map<string, AccountData>();
  readonly #byConn = new Map<ConnectionId, AccountData>();

  constructor(options: {
    repo: PlayerDataRepository;
    owners: Pick<PlayerDataOwners, "claim" | "release" | "renew" | "transfer">;
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
    this.#owners = options.owners;
    this.#hooks = options.hooks;
    this.#roomId = options.roomId;
    this.#now = options.now;
    this.#tick = options.tick;
    this.#seated = options.seated ?? (() => true);
    this.#store = {
      repo: options.repo,
      schemas: options.schemas,
      keys: options.hooks.keys,
      roomId: options.roomId,
      now: options.now,
    };
  }

  /** The data of the account behind a connection. */
  of(conn: ConnectionId): PlayerData | undefined {
    return this.#byConn.get(conn);
  }

  /** A player joined: load the account's documents in the background. */
  join(conn: ConnectionId, accountId: string, playerId: number): void {
    let account = this.#accounts.get(accountId);
    const fresh = !account;
    if (!account) {
      account = new AccountData(accountId);
      this.#accounts.set(accountId, account);
    }
    account.conns.set(conn, playerId);
    this.#byConn.set(conn, account);
    const a = account;
    if (fresh) this.#enqueue(a, () => this.#claimAndLoad(a));
    // Every seat of the account gets its onLoad once the documents are there (a late load,
    // after another room let them go, runs every seat's onLoad itself).
    this.#enqueue(a, async () => {
      if (a.loaded && a.conns.has(conn)) this.#greet(a, conn, playerId);
    });
  }

  /**
   * Player `playerId`'s avatar leaves for another zone (ZoneSink.carryOut, at the commit's
   * tick): the game's onLeave runs here (what it writes travels), and this room forgets the
   * account without saving or releasing its lease — the adopting zone takes both. Undefined
   * when the player has no documents here, or its account holds another seat in this room
   * (the documents stay with that seat, and the next zone claims them as a room would).
   */
  carryOut(playerId: number): CarriedData | undefined {
    const seat = this.#seat(playerId);
    if (!seat || seat.a.conns.size > 1) return undefined;
    const { conn, a } = seat;
    if (a.loaded) this.#hooks.onLeave?.(a, this.#ctx(playerId));
    this.#byConn.delete(conn);
    a.conns.delete(conn);
    this.#accounts.delete(a.accountId);
    // Documents whose lease is still on its way here (`from`) travel on; the next zone moves
    // the lease from where it is.
    const loaded = a.loaded && !a.failed && (a.owned || a.from !== undefined);
    const fromRoom = a.owned ? this.#roomId : (a.from ?? this.#roomId);
    a.gone = true;
    a.owned = false;
    return { accountId: a.accountId, fromRoom, loaded, docs: loaded ? docsOf(a) : [] };
  }

  /**
   * Player `playerId`'s avatar arrived with `carry` (ZoneSink.carryIn, at the adoption's tick):
   * the documents are this room's at once (the game's onLoad runs now), the lease moves here
   * in the background, and saves wait for it. A traveller whose link dropped before the
   * adoption has no seat: its documents are saved and let go, as at a leave.
   */
  carryIn(playerId: number, carry: unknown): void {
    if (!isCarriedData(carry)) return;
    if (!carry.loaded) return this.#takeOver(playerId, carry);
    const seat = this.#seat(playerId);
    let a = seat?.a ?? this.#accounts.get(carry.accountId);
    if (!a) {
      a = new AccountData(carry.accountId);
      this.#accounts.set(a.accountId, a);
    }
    for (const [key, doc] of carry.docs) {
      // A copy this room loaded itself meanwhile may know a later version: saves expect it.
      const version = Math.max(doc.version, a.docs.get(key)?.version ?? 0);
      a.docs.set(key, { ...doc, version });
    }
    a.loaded = true;
    a.failed = false;
    a.from = carry.fromRoom;
    if (seat) this.#greet(a, seat.conn, playerId);
    const account = a;
    this.#enqueue(account, async () => {
      await this.#moveLease(account);
      if (!account.owned)
        throw new Error(`the lease moved on from ${carry.fromRoom} before it reached here`);
      if (account.conns.size > 0) return;
      await saveAccount(this.#store, account);
      await this.#let(account);
    });
  }

  /**
   * The documents this room holds (loaded, its own or on their way here), with the seats
   * greeted: stored with the room's snapshot, in the same write.
   */
  held(): HeldData[] {
    return heldOf(this.#accounts.values(), this.#roomId, this.#now());
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
      this.#accounts.set(a.accountId, a);
      this.#enqueue(a, async () => {
        await this.#moveLease(a);
        if (!a.owned) return this.#drop(a);
        await reconcileHeld(this.#store, a, h.heldAt);
        if (a.conns.size > 0 || a.resuming.size > 0) return;
        await saveAccount(this.#store, a);
        await this.#let(a);
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
    for (const a of this.#accounts.values()) {
      const gone = [...a.resuming].filter((id) => !this.#seated(id));
      if (gone.length === 0) continue;
      for (const id of gone) a.resuming.delete(id);
      saves.push(
        this.#enqueue(a, async () => {
          if (a.loaded) for (const id of gone) this.#hooks.onLeave?.(a, this.#ctx(id));
          await saveAccount(this.#store, a);
          if (a.conns.size === 0 && a.resuming.size === 0) await this.#let(a);
        }),
      );
    }
    return Promise.all(saves).then(() => undefined);
  }

  /** A player left: run onLeave and save; resolves once saved (or given up on). */
  leave(conn: ConnectionId): Promise<void> {
    const a = this.#byConn.get(conn);
    if (!a) return Promise.resolve();
    this.#byConn.delete(conn);
    const playerId = a.conns.get(conn)!;
    a.conns.delete(conn);
    a.greeted.delete(conn);
    return this.#enqueue(a, async () => {
      if (a.loaded) this.#hooks.onLeave?.(a, this.#ctx(playerId));
      await saveAccount(this.#store, a);
      if (a.conns.size === 0) await this.#let(a);
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
      [...this.#accounts.values()].map((a) =>
        this.#enqueue(a, async () => {
          // A restored seat still in its grace period keeps its documents (and their lease).
          const idle = a.conns.size === 0 && a.resuming.size === 0;
          if (!a.owned) {
            if (idle) return this.#let(a);
            await this.#claimAndLoad(a);
            if (a.loaded) for (const [conn, playerId] of a.conns) this.#greet(a, conn, playerId);
            return;
          }
          await saveAccount(this.#store, a);
          if (idle) return this.#let(a);
          held.push(a.accountId);
        }),
      ),
    );
    // A lease released or taken by another room meanwhile is left alone (renew's WHERE).
    await this.#owners.renew(held, this.#roomId, this.#now()).catch((e: unknown) => {
      console.error(`room ${this.#roomId}: renewing ${held.length} player data leases`, e);
    });
  }

  /** Resolves once every load and save queued so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.#accounts.values()].map((a) => a.queue));
  }

  /** The seat of player `playerId` and its account. */
  #seat(playerId: number): { conn: ConnectionId; a: AccountData } | undefined {
    for (const [conn, a] of this.#byConn) if (a.conns.get(conn) === playerId) return { conn, a };
    return undefined;
  }

  /** The game's onLoad, once per seat (a late load and a carried arrival may both offer it). */
  #greet(a: AccountData, conn: ConnectionId, playerId: number): void {
    if (a.greeted.has(conn)) return;
    a.greeted.add(conn);
    // A seat a restarted zone held had its onLoad before the restart.
    if (a.resuming.delete(playerId)) return;
    this.#hooks.onLoad?.(a, this.#ctx(playerId));
  }

  #ctx(playerId: number): DataHookContext {
    return { roomId: this.#roomId, tick: this.#tick(), playerId };
  }

  #enqueue(a: AccountData, task: () => Promise<void>): Promise<void> {
    a.queue = a.queue.then(task).catch((e: unknown) => {
      console.error(`room ${this.#roomId}: player data of ${a.accountId}`, e);
    });
    return a.queue;
  }

  /** Takes the account's lease and loads its documents; with the lease elsewhere, waits. */
  async #claimAndLoad(a: AccountData): Promise<void> {
    if (a.gone) return;
    a.owned = await this.#owners.claim(a.accountId, this.#roomId, this.#now());
    // The player left for another zone while the claim ran: the lease is not this room's.
    if (a.gone && a.owned) await this.#owners.release(a.accountId, this.#roomId);
    if (a.gone) a.owned = false;
    if (a.owned) await loadAccount(this.#store, a);
    // It left while the documents loaded: they are the next zone's to take (#takeOver).
    if (a.gone && a.owned) await this.#owners.release(a.accountId, this.#roomId);
  }

  /** Moves `a`'s lease here from the zone its documents came from (`from`), if any. */
  async #moveLease(a: AccountData): Promise<void> {
    const from = a.from ?? this.#roomId;
    a.owned = await this.#owners.transfer(a.accountId, from, this.#roomId, this.#now());
    if (a.owned) a.from = undefined;
  }

  /**
   * A traveller whose documents the zone it left had not loaded yet (its join's claim or
   * load still running) arrived: this zone takes the lease over from that zone and loads
   * them itself now, rather than at its next periodic save. The zone left lets go of
   * whatever its claim got once it sees the player gone.
   */
  #takeOver(playerId: number, carry: CarriedData): void {
    const seat = this.#seat(playerId);
    if (!seat || seat.a.loaded) return;
    const a = seat.a;
    a.from = carry.fromRoom;
    this.#enqueue(a, async () => {
      if (a.gone || a.loaded) return;
      if (!a.owned) await this.#moveLease(a);
      // A third room's lease runs: the periodic save claims the documents once it ends.
      if (!a.owned) return;
      await loadAccount(this.#store, a);
      for (const [conn, id] of a.conns) this.#greet(a, conn, id);
    });
  }

  /** A held copy another room's lease overtook: its seats claim the documents afresh. */
  #drop(a: AccountData): void {
    a.gone = true;
    if (this.#accounts.get(a.accountId) === a) this.#accounts.delete(a.accountId);
    for (const [conn, id] of a.conns) {
      this.#byConn.delete(conn);
      this.join(conn, a.accountId, id);
    }
  }

  /** The account's last player left and its documents are saved: the lease goes, and the account. */
  async #let(a: AccountData): Promise<void> {
    if (a.owned) await this.#owners.release(a.accountId, this.#roomId);
    a.owned = false;
    // The player may have come back meanwhile (a new copy of the account): that one stays.
    if (this.#accounts.get(a.accountId) === a) this.#accounts.delete(a.accountId);
  }
}
