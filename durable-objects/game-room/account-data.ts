// One account's documents inside a room (room-player-data.ts): what game code reads and
// writes through the PlayerData it is handed, the lease state, and the queue its loads and
// saves run on. A zoned world's player carries them to the next zone (`carried`): from then
// on the old zone's copy is gone — reads answer nothing, writes are dropped — so one zone at
// a time writes a player's data.

import type { PlayerData } from "../../shared/game/player-documents.js";
import type { ConnectionId } from "../../shared/room/room-sink.js";

/** One document as a room holds it. */
export interface Doc {
  version: number;
  schemaVersion: number;
  value: unknown;
  dirty: boolean;
}

/** An account's documents in one room. */
export class AccountData implements PlayerData {
  readonly accountId: string;
  readonly conns = new Map<ConnectionId, number>();
  readonly docs = new Map<string, Doc>();
  /** Seats whose onLoad ran. */
  readonly greeted = new Set<ConnectionId>();
  #loaded = false;
  /** Load failed: never save, or the stale copy would overwrite newer data. */
  failed = false;
  /** This room holds the account's lease: only then does it load and save. */
  owned = false;
  /** A save is writing: a copy carried meanwhile keeps its documents dirty. */
  saving = false;
  /** The documents left with the player for another zone: this copy is dead. */
  gone = false;
  /**
   * The zone the documents came from while their lease is still moving here (a carry, or a
   * restart's held copy): kept with the zone's snapshot so a restart moves it from there.
   */
  from: string | undefined;
  /**
   * Seats a restarted zone held at its snapshot, by player id: their resume takes the
   * documents back without a second onLoad (the restart ran no onLeave either).
   */
  readonly resuming = new Set<number>();
  /** The tail of this account's loads and saves, so they never overlap. */
  queue: Promise<void> = Promise.resolve();

  constructor(accountId: string) {
    this.accountId = accountId;
  }

  get loaded(): boolean {
    return this.#loaded && !this.gone;
  }

  set loaded(on: boolean) {
    this.#loaded = on;
  }

  get(key: string): unknown {
    return this.gone ? undefined : this.docs.get(key)?.value;
  }

  set(key: string, value: unknown): void {
    // Game code may keep the handle past a handoff: the next zone owns the data now.
    if (this.gone) return;
    const doc = this.docs.get(key);
    if (doc) {
      doc.value = value;
      doc.dirty = true;
    } else this.docs.set(key, { version: 0, schemaVersion: 0, value, dirty: true });
  }
}

/** What a player's documents carry to the next zone (inside a zone `commit` message). */
export interface CarriedData {
  readonly accountId: string;
  /** The room (zone) that held the lease: the next zone takes the lease over from it. */
  readonly fromRoom: string;
  /** The old zone held the lease and had the documents loaded. */
  readonly loaded: boolean;
  readonly docs: readonly (readonly [string, Doc])[];
}

/**
 * The documents a room (a zone or not) holds for one account, stored with its snapshot
 * (room-run.ts, room-zone.ts): a restarted room takes them back instead of losing what was
 * not saved yet.
 */
export interface HeldData extends CarriedData {
  /** The seats (player ids) whose onLoad had run. */
  readonly seats: readonly number[];
  /**
   * When this copy was taken, Unix ms (the snapshot's write): a save that reached D1 at or
   * after it is newer than the copy (account-store.ts, reconcileHeld). Absent in copies
   * stored before it was kept.
   */
  readonly heldAt?: number;
}

/** Whether `v` is a CarriedData (it came over RPC from another zone of our Worker). */
export function isCarriedData(v: unknown): v is CarriedData {
  const c = v as Partial<CarriedData> | null;
  return (
    typeof c === "object" &&
    c !== null &&
    typeof c.accountId === "string" &&
    typeof c.fromRoom === "string" &&
    typeof c.loaded === "boolean" &&
    Array.isArray(c.docs)
  );
}

/** `a`'s documents as they leave it; a save writing now may fail after: they stay dirty. */
export function docsOf(a: AccountData): (readonly [string, Doc])[] {
  return [...a.docs].map(([key, d]) => [key, { ...d, dirty: d.dirty || a.saving }] as const);
}

/** What room `roomId` holds of `accounts` (loaded ones) at `heldAt` (Unix ms), for its snapshot. */
export function heldOf(
  accounts: Iterable<AccountData>,
  roomId: string,
  heldAt: number,
): HeldData[] {
  const out: HeldData[] = [];
  for (const a of accounts) {
    if (!a.loaded || a.failed) continue;
    const seats = [...a.greeted].map((c) => a.conns.get(c)).filter((id) => id !== undefined);
    out.push({
      accountId: a.accountId,
      fromRoom: a.from ?? roomId,
      loaded: true,
      docs: docsOf(a),
      seats,
      heldAt,
    });
  }
  return out;
}

/** An account as a restarted zone takes it back (its lease still to move here: `from`). */
export function accountOfHeld(h: HeldData): AccountData {
  const a = new AccountData(h.accountId);
  for (const [key, doc] of h.docs) a.docs.set(key, { ...doc });
  for (const id of h.seats) a.resuming.add(id);
  a.loaded = true;
  a.from = h.fromRoom;
  return a;
}
