// Schema versions of player-data documents. A game registers, per document key, the
// current schema version and one upgrade function per older version; reads bring old
// documents forward step by step (1 → 2 → 3 …), so saves from any earlier build still load.

import type { DocumentSchema } from "../../shared/game/player-documents.js";

/** An upgrade outcome. */
export type UpgradeResult =
  | { readonly ok: true; readonly value: unknown; readonly schemaVersion: number }
  | { readonly ok: false; readonly error: string };

/** Keys without a registered schema are stored and served as they are, at version 1. */
const UNVERSIONED: DocumentSchema = { version: 1 };

/** The registry of document schemas, by key. */
export class DocumentSchemas {
  readonly #schemas: ReadonlyMap<string, DocumentSchema>;

  /**
   * Validates every entry; throws naming the key and the missing upgrade.
   * @example
   * new DocumentSchemas({ "arena.stats": { version: 2, upgrades: { 1: (v) => ({ ...v, ticksPlayed: 0 }) } } })
   */
  constructor(schemas: Readonly<Record<string, DocumentSchema>>) {
    for (const [key, s] of Object.entries(schemas)) {
      if (!Number.isInteger(s.version) || s.version < 1)
        throw new RangeError(`schemas.${key}.version must be an integer ≥ 1`);
      for (let v = 1; v < s.version; v++) {
        if (typeof s.upgrades?.[v] !== "function")
          throw new RangeError(`schemas.${key}.upgrades[${v}] is missing`);
      }
    }
    this.#schemas = new Map(Object.entries(schemas));
  }

  /**
   * Whether only rooms write `key`: a document a game declared without `writer: "player"`.
   * Keys no game declares are the player's own.
   */
  writtenByRooms(key: string): boolean {
    const schema = this.#schemas.get(key);
    return schema !== undefined && (schema.writer ?? "room") === "room";
  }

  /** The schema version documents of `key` are written with. */
  currentVersion(key: string): number {
    return this.#schema(key).version;
  }

  /** Brings a stored value of `schemaVersion` up to the current version of `key`. */
  upgrade(key: string, schemaVersion: number, value: unknown): UpgradeResult {
    const schema = this.#schema(key);
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1)
      return { ok: false, error: `schema version ${schemaVersion} is invalid` };
    if (schemaVersion > schema.version) {
      return {
        ok: false,
        error: `schema version ${schemaVersion} is newer than ${schema.version} (a newer build wrote it)`,
      };
    }
    let v = value;
    for (let from = schemaVersion; from < schema.version; from++) v = schema.upgrades![from]!(v);
    return { ok: true, value: v, schemaVersion: schema.version };
  }

  #schema(key: string): DocumentSchema {
    return this.#schemas.get(key) ?? UNVERSIONED;
  }
}
