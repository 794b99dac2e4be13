// One account's documents between a room and D1 (room-player-data.ts decides when): the load
// upgrades each stored document to its current schema version, and a value game code set
// before the load finished wins over the stored one; the save writes the dirty documents, and
// a write that meets a newer version is re-applied on top of it (for the keys a room manages,
// the room's value is the newer truth).

import type { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import type { PlayerDataRepository } from "../../server/player-data/player-data-repository.js";
import type { AccountData } from "./account-data.js";

/** What loading and saving an account's documents needs. */
export interface AccountStore {
  readonly repo: PlayerDataRepository;
  readonly schemas: DocumentSchemas;
  /** The document keys the room's game keeps. */
  readonly keys: readonly string[];
  readonly roomId: string;
  /** Unix ms. */
  now(): number;
}

/** Loads `a`'s documents; a failed load marks it failed (never saved) and rethrows. */
export async function loadAccount(store: AccountStore, a: AccountData): Promise<void> {
  try {
    const stored = await store.repo.readMany(a.accountId, store.keys);
    for (const [key, doc] of stored) {
      const up = store.schemas.upgrade(key, doc.schemaVersion, doc.value);
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

/**
 * A restarted room's held copy of `a` (account-data.ts, HeldData; taken at `heldAt`, Unix ms)
 * checked against D1 once the room holds the lease again, so it never writes an older
 * document back over a newer one. A document D1 holds at a later version than the copy was
 * saved by this room after the copy was taken (its periodic save between the snapshot and the
 * restart) or by the account's owner over HTTP: D1's copy is newer and taken, clean. One
 * written before `heldAt` was a save under way when the copy was taken: the copy's value is
 * as new or newer, stays dirty and is saved over it. Without `heldAt` (an older snapshot) a
 * later D1 version wins. A failed read marks `a` failed (never saved) and rethrows, as a
 * failed load does.
 */
export async function reconcileHeld(
  store: AccountStore,
  a: AccountData,
  heldAt: number | undefined,
): Promise<void> {
  try {
    const stored = await store.repo.readMany(a.accountId, store.keys);
    for (const [key, doc] of stored) {
      const local = a.docs.get(key);
      if (local && doc.version <= local.version) continue;
      if (local && heldAt !== undefined && doc.updatedAt < heldAt) {
        // Saved over as the expected version, not through a conflict's retry.
        local.version = doc.version;
        local.dirty = true;
        continue;
      }
      const up = store.schemas.upgrade(key, doc.schemaVersion, doc.value);
      if (!up.ok) throw new Error(`${key}: ${up.error}`);
      a.docs.set(key, {
        version: doc.version,
        schemaVersion: up.schemaVersion,
        value: up.value,
        dirty: false,
      });
    }
  } catch (e) {
    a.failed = true;
    throw e;
  }
}

/** Saves `a`'s changed documents, if this room owns them and they loaded. */
export async function saveAccount(store: AccountStore, a: AccountData): Promise<void> {
  // Documents this room does not own are another room's to save.
  if (a.failed || !a.owned) return;
  a.saving = true;
  try {
    await saveDocs(store, a);
  } finally {
    a.saving = false;
  }
}

async function saveDocs(store: AccountStore, a: AccountData): Promise<void> {
  for (const [key, doc] of a.docs) {
    if (!doc.dirty) continue;
    doc.dirty = false;
    const value = doc.value;
    const schemaVersion = store.schemas.currentVersion(key);
    try {
      let expectedVersion = doc.version;
      for (let attempt = 0; attempt < 2; attempt++) {
        const out = await store.repo.write({
          accountId: a.accountId,
          key,
          expectedVersion,
          schemaVersion,
          value,
          writeId: crypto.randomUUID(),
          now: store.now(),
          actor: `room:${store.roomId}`,
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
