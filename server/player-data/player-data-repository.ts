// Player-data documents in D1 (`player_data`), with optimistic concurrency and idempotent,
// retried writes. A write names the version it replaces and carries a write id; when a
// retried write finds its own write id on the row, the earlier attempt committed (only its
// answer was lost) and it reports success instead of a conflict or a second write.

import { AUDIT_ACTION } from "../accounts/audit-log.js";
import { type RetryOptions, retry } from "../d1/retry.js";
import { isTransientD1Error } from "../d1/transient-error.js";

/** One stored document, as written (not yet upgraded). */
export interface PlayerDocument {
  readonly key: string;
  /** Writes so far: 1 after the first. */
  readonly version: number;
  readonly schemaVersion: number;
  readonly value: unknown;
  /** Unix ms. */
  readonly updatedAt: number;
}

/** A write of one document. */
export interface DocumentWrite {
  readonly accountId: string;
  readonly key: string;
  /** The version this write replaces: 0 to create the document. */
  readonly expectedVersion: number;
  readonly schemaVersion: number;
  /** Any JSON value; serialised here. */
  readonly value: unknown;
  /** Unique per logical write; retries of the same write reuse it. */
  readonly writeId: string;
  /** Unix ms. */
  readonly now: number;
  /** Who writes, for the audit log: an account id, or "room:<id>". */
  readonly actor: string;
}

/** The outcome of a write. */
export type WriteOutcome =
  | {
      readonly ok: true;
      readonly document: PlayerDocument;
      /** True when an earlier attempt of this write had already committed. */
      readonly replayed: boolean;
    }
  | { readonly ok: false; readonly conflict: { readonly currentVersion: number } };

interface Row {
  key: string;
  version: number;
  schema_version: number;
  value: string;
  write_id: string;
  updated_at: number;
}

function toDocument(row: Row): PlayerDocument {
  return {
    key: row.key,
    version: row.version,
    schemaVersion: row.schema_version,
    value: JSON.parse(row.value),
    updatedAt: row.updated_at,
  };
}

/** Reads and writes player data; every D1 call is retried on transient failures. */
export class PlayerDataRepository {
  readonly #db: D1Database;
  readonly #retry: RetryOptions;

  /**
   * @param db the D1 binding (tests pass one that fails on purpose)
   * @param retryOptions backoff settings; `retryable` defaults to transient D1 errors
   */
  constructor(db: D1Database, retryOptions: RetryOptions = {}) {
    this.#db = db;
    this.#retry = { retryable: isTransientD1Error, ...retryOptions };
  }

  /** The document `key` of an account, or undefined. */
  async read(accountId: string, key: string): Promise<PlayerDocument | undefined> {
    const row = await this.#readRow(accountId, key);
    return row ? toDocument(row) : undefined;
  }

  /** Several documents of one account (missing keys are absent from the map). */
  async readMany(accountId: string, keys: readonly string[]): Promise<Map<string, PlayerDocument>> {
    const out = new Map<string, PlayerDocument>();
    if (keys.length === 0) return out;
    const marks = keys.map(() => "?").join(", ");
    const { results } = await retry(
      () =>
        this.#db
          .prepare(`SELECT * FROM player_data WHERE player_id = ? AND key IN (${marks})`)
          .bind(accountId, ...keys)
          .all<Row>(),
      this.#retry,
    );
    for (const row of results) out.set(row.key, toDocument(row));
    return out;
  }

  /** Writes a document if its stored version is `expectedVersion`; see WriteOutcome. */
  async write(w: DocumentWrite): Promise<WriteOutcome> {
    const version = w.expectedVersion + 1;
    const value = JSON.stringify(w.value);
    return retry(async () => {
      const [upsert] = await this.#db.batch([
        // The last WHERE makes the upsert a no-op unless the stored version is the expected
        // one; the first creates a missing row only when expectedVersion is 0 (version 1).
        this.#db
          .prepare(
            `INSERT INTO player_data (player_id, key, version, schema_version, value, write_id, updated_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
             WHERE ?3 = 1 OR EXISTS (SELECT 1 FROM player_data WHERE player_id = ?1 AND key = ?2)
             ON CONFLICT (player_id, key) DO UPDATE SET version = excluded.version,
               schema_version = excluded.schema_version, value = excluded.value,
               write_id = excluded.write_id, updated_at = excluded.updated_at
             WHERE player_data.version = excluded.version - 1`,
          )
          .bind(w.accountId, w.key, version, w.schemaVersion, value, w.writeId, w.now),
        // Audited in the same transaction, and only if the upsert changed the row.
        this.#db
          .prepare(
            `INSERT INTO audit_log (at, actor, action, target, detail)
             SELECT ?, ?, ?, ?, ? WHERE changes() = 1`,
          )
          .bind(
            w.now,
            w.actor,
            AUDIT_ACTION.DATA_WRITE,
            w.accountId,
            JSON.stringify({ key: w.key, version, writeId: w.writeId }),
          ),
      ]);
      if ((upsert?.meta.changes ?? 0) === 1) {
        const document = { key: w.key, version, schemaVersion: w.schemaVersion, value: w.value };
        return { ok: true, document: { ...document, updatedAt: w.now }, replayed: false } as const;
      }
      const row = await this.#db
        .prepare("SELECT * FROM player_data WHERE player_id = ? AND key = ?")
        .bind(w.accountId, w.key)
        .first<Row>();
      if (row && row.write_id === w.writeId && row.version === version)
        return { ok: true, document: toDocument(row), replayed: true } as const;
      return { ok: false, conflict: { currentVersion: row?.version ?? 0 } } as const;
    }, this.#retry);
  }

  #readRow(accountId: string, key: string): Promise<Row | null> {
    return retry(
      () =>
        this.#db
          .prepare("SELECT * FROM player_data WHERE player_id = ? AND key = ?")
          .bind(accountId, key)
          .first<Row>(),
      this.#retry,
    );
  }
}
