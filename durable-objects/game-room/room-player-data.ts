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
// zone at a time holds and writes them.

import type { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import type { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import type { PlayerDataRepository } from "../../server/player-data/player-data-repository.js";
import type {
  DataHookContext,
  PlayerData,
  RoomDataHooks,
} from "../../shared/game/player-documents.js";
import type { ConnectionId } from "../../shared/room/room-sink.js";
import { AccountData, type CarriedData, isCarriedData } from "./account-data.js";

/** Loads, caches and saves the data of the accounts playing in one room. */
export class RoomPlayerData {
  readonly #repo: PlayerDataRepository;
  readonly #owners: Pick<PlayerDataOwners, "claim" | "release" | "transfer">;
  readonly #schemas: DocumentSchemas;
  readonly #hooks: RoomDataHooks;
  readonly #roomId: string;
  readonly #now: () => number;
  readonly #tick: () => number;
  readonly #accounts = new Map<string, AccountData>();
  readonly #byConn = new Map<ConnectionId, AccountData>();

  constructor(options: {
    repo: PlayerDataRepository;
    owners: Pick<PlayerDataOwners, "claim" | "release" | "transfer">;
    schemas: DocumentSchemas;
    hooks: RoomDataHooks;
    roomId: string;
    /** Unix ms. */
    now: () => number;
    tick: () => number;
  }) {
    this.#repo = options.repo;
    this.#owners = options.owners;
    this.#schemas = options.schemas;
    this.#hooks = options.hooks;
    this.#roomId = options.roomId;
    this.#now = options.now;
    this.#tick = options.tick;
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
    const loaded = a.loaded && a.owned && !a.failed;
    // A save writing now may fail after the copy left: the copy stays dirty to be sure.
    const docs = loaded
      ? [...a.docs].map(([key, d]) => [key, { ...d, dirty: d.dirty || a.saving }] as const)
      : [];
    a.gone = true;
    a.owned = false;
    return { accountId: a.accountId, fromRoom: this.#roomId, loaded, docs };
  }

  /**
   * Player `playerId`'s avatar arrived with `carry` (ZoneSink.carryIn, at the adoption's tick):
   * the documents are this room's at once (the game's onLoad runs now), the lease moves here
   * in the background, and saves wait for it. A traveller whose link dropped before the
   * adoption has no seat: its documents are saved and let go, as at a leave.
   */
  carryIn(playerId: number, carry: unknown): void {
    if (!isCarriedData(carry) || !carry.loaded) return;
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
    if (seat) this.#greet(a, seat.conn, playerId);
    const account = a;
    this.#enqueue(account, async () => {
      account.owned = await this.#owners.transfer(
        account.accountId,
        carry.fromRoom,
        this.#roomId,
        this.#now(),
      );
      if (!account.owned)
        throw new Error(`the lease moved on from ${carry.fromRoom} before it reached here`);
      if (account.conns.size > 0) return;
      await this.#save(account);
      await this.#let(account);
    });
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
      await this.#save(a);
      if (a.conns.size === 0) await this.#let(a);
    });
  }

  /**
   * The periodic save: every owned account's changed documents are saved and its lease
   * renewed; an account still waiting for its documents tries to take them over; one whose
   * last player left but whose final save failed is saved again and let go.
   */
  async flush(): Promise<void> {
    await Promise.all(
      [...this.#accounts.values()].map((a) =>
        this.#enqueue(a, async () => {
          if (!a.owned) {
            if (a.conns.size === 0) return this.#let(a);
            await this.#claimAndLoad(a);
            if (a.loaded) for (const [conn, playerId] of a.conns) this.#greet(a, conn, playerId);
            return;
          }
          await this.#save(a);
          if (a.conns.size === 0) return this.#let(a);
          await this.#owners.claim(a.accountId, this.#roomId, this.#now());
        }),
      ),
    );
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
    if (a.owned) await this.#load(a);
  }

  /** The account's last player left and its documents are saved: the lease goes, and the account. */
  async #let(a: AccountData): Promise<void> {
    if (a.owned) await this.#owners.release(a.accountId, this.#roomId);
    a.owned = false;
    // The player may have come back meanwhile (a new copy of the account): that one stays.
    if (this.#accounts.get(a.accountId) === a) this.#accounts.delete(a.accountId);
  }

  async #load(a: AccountData): Promise<void> {
    try {
      const stored = await this.#repo.readMany(a.accountId, this.#hooks.keys);
      for (const [key, doc] of stored) {
        const up = this.#schemas.upgrade(key, doc.schemaVersion, doc.value);
        if (!up.ok) throw new Error(`${key}: ${up.error}`);
        const local = a.docs.get(key);
        // A value set before the load finished wins; it replaces the stored version.
        if (local) local.version = doc.version;
        else
          a.docs.set(key, {
            version: doc.version,
            schemaVersion: up.schemaVersion,
            value: up.value,
            dirty: false,
          });
      }
      a.loaded = true;
    } catch (e) {
      a.failed = true;
      throw e;
    }
  }

  async #save(a: AccountData): Promise<void> {
    // Documents this room does not own are another room's to save.
    if (a.failed || !a.owned) return;
    a.saving = true;
    try {
      await this.#saveDocs(a);
    } finally {
      a.saving = false;
    }
  }

  async #saveDocs(a: AccountData): Promise<void> {
    for (const [key, doc] of a.docs) {
      if (!doc.dirty) continue;
      doc.dirty = false;
      const value = doc.value;
      const schemaVersion = this.#schemas.currentVersion(key);
      try {
        let expectedVersion = doc.version;
        for (let attempt = 0; attempt < 2; attempt++) {
          const out = await this.#repo.write({
            accountId: a.accountId,
            key,
            expectedVersion,
            schemaVersion,
            value,
            writeId: crypto.randomUUID(),
            now: this.#now(),
            actor: `room:${this.#roomId}`,
          });
          if (out.ok) {
            doc.version = out.document.version;
            doc.schemaVersion = schemaVersion;
            break;
          }
          // Someone wrote in between: the room's value is the newer truth for its keys.
          expectedVersion = out.conflict.currentVersion;
          if (attempt === 1) throw new Error(`${key}: version conflict persists`);
        }
      } catch (e) {
        // Keep it dirty: the next periodic save or the leave tries again.
        doc.dirty = true;
        throw e;
      }
    }
  }
}
