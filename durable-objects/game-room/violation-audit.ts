// Protocol abuse leaves a trace: when a room closes a socket for a malformed, oversized,
// unexpected or flooding frame, or an input the game refuses, the audit log gets a
// `protocol_violation` row with the account (or, for a socket that never joined, the
// address), the room, the code and the reason: the evidence an operator (and the cheat
// detectors of docs/fair-play.md) read. Writes are off the tick (waitUntil) and bounded per
// room, so a flood of bad sockets cannot turn into a flood of database writes; what the
// bound dropped is counted in the next row written.

import { AUDIT_ACTION, recordAudit } from "../../server/accounts/audit-log.js";
import { VIOLATION_CODES } from "../../shared/fairplay/protocol-violations.js";
import { RateLimiter } from "../../shared/room/rate-limiter.js";

/** Rows one room writes at most per minute (and at once). */
export const MAX_VIOLATION_ROWS_PER_MINUTE = 30;

/** Who broke the protocol, as the socket's attachment knows it. */
export interface Violator {
  readonly accountId?: string;
  readonly address?: string;
}

/** Records a room's protocol violations in the audit log, bounded. */
export class ViolationAudit {
  readonly #db: D1Database;
  readonly #roomId: string;
  readonly #waitUntil: (work: Promise<unknown>) => void;
  readonly #limiter: RateLimiter;
  #dropped = 0;

  constructor(
    db: D1Database,
    roomId: string,
    waitUntil: (work: Promise<unknown>) => void,
    now: number,
  ) {
    this.#db = db;
    this.#roomId = roomId;
    this.#waitUntil = waitUntil;
    const n = MAX_VIOLATION_ROWS_PER_MINUTE;
    this.#limiter = new RateLimiter(n / 60, n, now);
  }

  /** The room closed `who`'s socket with `code` at `now`; a violation is recorded (or counted). */
  closed(who: Violator, code: number, reason: string, now: number): void {
    if (!VIOLATION_CODES.has(code)) return;
    if (!this.#limiter.take(now)) {
      this.#dropped++;
      return;
    }
    const dropped = this.#dropped;
    this.#dropped = 0;
    const work = recordAudit(this.#db, {
      at: now,
      actor: null,
      action: AUDIT_ACTION.PROTOCOL_VIOLATION,
      target: who.accountId ?? null,
      detail: {
        room: this.#roomId,
        code,
        reason,
        ...(who.accountId ? {} : { address: who.address ?? "unknown" }),
        ...(dropped > 0 ? { droppedBefore: dropped } : {}),
      },
    }).catch((e: unknown) => console.error(`room ${this.#roomId}: audit of a violation failed`, e));
    this.#waitUntil(work);
  }
}
