// A GameRoom's records in the audit log: its protocol violations (violation-audit.ts) and its
// fair-play verdicts (fair-play-record.ts). Each is made on first use, named for the room as
// it is then, and kept for the life of the object: its bound on rows per minute holds across
// the room's runs.

import { FairPlayRecord } from "./fair-play-record.js";
import { ViolationAudit } from "./violation-audit.js";

/** What the records need of their room. */
export interface RoomRecordsHost {
  /** The object's metered D1. */
  readonly db: D1Database;
  /** The room's id and game now (the game is undefined while none is served). */
  names(): { readonly roomId: string; readonly game: string | undefined };
  waitUntil(work: Promise<unknown>): void;
}

/** The room's violation and fair-play records, made on first use. */
export class RoomRecords {
  readonly #host: RoomRecordsHost;
  #audit: ViolationAudit | undefined;
  #fairPlay: FairPlayRecord | undefined;

  constructor(host: RoomRecordsHost) {
    this.#host = host;
  }

  /** The room's record of protocol violations. */
  get violations(): ViolationAudit {
    const host = this.#host;
    this.#audit ??= new ViolationAudit(
      host.db,
      host.names().roomId,
      (work) => host.waitUntil(work),
      Date.now(),
    );
    return this.#audit;
  }

  /** The room's record of fair-play verdicts. */
  get fairPlay(): FairPlayRecord {
    const host = this.#host;
    this.#fairPlay ??= new FairPlayRecord(
      host.db,
      { roomId: host.names().roomId, game: host.names().game ?? "unknown" },
      (work) => host.waitUntil(work),
      Date.now(),
    );
    return this.#fairPlay;
  }
}
