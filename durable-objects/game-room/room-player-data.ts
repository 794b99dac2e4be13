// Player data inside a room: each joining account's documents are loaded in the background
// (the tick never waits), game code reads and writes them through PlayerData, and the room
// saves what changed when the player leaves and every few seconds while the room runs.
// Saves of one account run one after another so versions advance in order; a write that
// meets a newer version is re-applied on top of it: for the keys a room manages, the room's
// value wins. One room at a time owns an account's documents (a lease, PlayerDataOwners): a
// room the account joins while another holds them leaves them unloaded (`loaded` false, no
// onLoad, nothing saved) and takes them over at a periodic save once that room released the
// lease (the player left it) or the lease expired (that room died). The last leave saves,
// then releases the lease.

import type { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import type { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import type { PlayerDataRepository } from "../../server/player-data/player-data-repository.js";
import type {
  DataHookContext,
  PlayerData,
  RoomDataHooks,
} from "../../shared/game/player-documents.js";
import type { ConnectionId } from "../../shared/room/room-sink.js";

interface Doc {
  version: number;
  schemaVersion: number;
  value: unknown;
  dirty: boolean;
}

class AccountData implements PlayerData {
  readonly accountId: string;
  readonly conns = new Map<ConnectionId, number>();
  readonly docs = new Map<string, Doc>();
  loaded = false;
  /** Load failed: never save, or the stale copy would overwrite newer data. */
  failed = false;
  /** This room holds the account's lease: only then does it load and save. */
  owned = false;
  /** The tail of this account's loads and saves, so they never overlap. */
  queue: Promise<void> = Promise.resolve();

  constructor(accountId: string) {
    this.accountId = accountId;
  }

  get(key: string): unknown {
    return this.docs.get(key)?.value;
  }

  set(key: string, value: unknown): void {
    const doc = this.docs.get(key);
    if (doc) {
      doc.value = value;
      doc.dirty = true;
    } else this.docs.set(key, { version: 0, schemaVersion: 0, value, dirty: true });
  }
}

/** Loads, caches and saves the data of the accounts playing in one room. */
export class RoomPlayerData {
  readonly #repo: PlayerDataRepository;
  readonly #owners: Pick<PlayerDataOwners, "claim" | "release">;
  readonly #schemas: DocumentSchemas;
  readonly #hooks: RoomDataHooks;
  readonly #roomId: string;
  readonly #now: () => number;
  readonly #tick: () => number;
  readonly #accounts = new Map<string, AccountData>();
  readonly #byConn = new Map<ConnectionId, AccountData>();

  constructor(options: {
    repo: PlayerDataRepository;
    owners: Pick<PlayerDataOwners, "claim" | "release">;
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
      if (a.loaded && a.conns.has(conn)) this.#hooks.onLoad?.(a, this.#ctx(playerId));
    });
  }

  /** A player left: run onLeave and save; resolves once saved (or given up on). */
  leave(conn: ConnectionId): Promise<void> {
    const a = this.#byConn.get(conn);
    if (!a) return Promise.resolve();
    this.#byConn.delete(conn);
    const playerId = a.conns.get(conn)!;
    a.conns.delete(conn);
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
            if (a.loaded)
              for (const playerId of a.conns.values()) this.#hooks.onLoad?.(a, this.#ctx(playerId));
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
    a.owned = await this.#owners.claim(a.accountId, this.#roomId, this.#now());
    if (a.owned) await this.#load(a);
  }

  /** The account's last player left and its documents are saved: the lease goes, and the account. */
  async #let(a: AccountData): Promise<void> {
    if (a.owned) await this.#owners.release(a.accountId, this.#roomId);
    a.owned = false;
    this.#accounts.delete(a.accountId);
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
