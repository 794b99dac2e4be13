// What a room's fair-play verdicts leave behind in D1: every step is an audit row
// (action "fair_play") with the evidence — what was measured against what limit — and from
// "flag" on the account is in `fair_play_flags` for admins (GET /v1/admin/flagged); a "ban"
// step also bans it for the game's `banMinutes` through the same `bans` table admins use.
// Writes are off the tick (waitUntil). "log" rows are bounded per room like protocol
// violations (a room full of cheaters cannot flood the database; the next row written says
// how many were dropped); flags and bans are never dropped.

import { AUDIT_ACTION, auditStatement } from "../../server/accounts/audit-log.js";
import { banStatement } from "../../server/accounts/bans.js";
import { flagStatement } from "../../server/accounts/fair-play-flags.js";
import type { FairPlayVerdict } from "../../shared/fairplay/fair-play-evidence.js";
import { RateLimiter } from "../../shared/room/rate-limiter.js";

/** "log" rows one room writes at most per minute (and at once). */
export const MAX_LOG_ROWS_PER_MINUTE = 30;

/** Records one room's fair-play verdicts in D1. */
export class FairPlayRecord {
  readonly #db: D1Database;
  readonly #roomId: string;
  readonly #game: string;
  readonly #waitUntil: (work: Promise<unknown>) => void;
  readonly #limiter: RateLimiter;
  #dropped = 0;

  constructor(
    db: D1Database,
    room: { readonly roomId: string; readonly game: string },
    waitUntil: (work: Promise<unknown>) => void,
    now: number,
  ) {
    this.#db = db;
    this.#roomId = room.roomId;
    this.#game = room.game;
    this.#waitUntil = waitUntil;
    const n = MAX_LOG_ROWS_PER_MINUTE;
    this.#limiter = new RateLimiter(n / 60, n, now);
  }

  /** The room reached verdict `v` at `now` (Unix ms). */
  verdict(v: FairPlayVerdict, now: number): void {
    if (v.step === "log" && !this.#limiter.take(now)) {
      this.#dropped++;
      return;
    }
    const dropped = this.#dropped;
    this.#dropped = 0;
    const db = this.#db;
    const statements = [
      auditStatement(db, {
        at: now,
        actor: null,
        action: AUDIT_ACTION.FAIR_PLAY,
        target: v.accountId ?? null,
        detail: {
          room: this.#roomId,
          game: this.#game,
          playerId: v.playerId,
          step: v.step,
          offences: v.offences,
          strikes: v.strikes,
          tick: v.tick,
          evidence: v.evidence,
          ...(v.banMinutes === undefined ? {} : { banMinutes: v.banMinutes }),
          ...(dropped > 0 ? { droppedBefore: dropped } : {}),
        },
      }),
    ];
    if (v.accountId !== undefined && v.step !== "log") {
      statements.push(
        flagStatement(db, {
          accountId: v.accountId,
          game: this.#game,
          roomId: this.#roomId,
          offences: v.offences,
          step: v.step,
          evidence: v.evidence,
          at: now,
        }),
      );
    }
    if (v.accountId !== undefined && v.step === "ban") {
      const { detector, measured, limit, unit } = v.evidence;
      statements.push(
        banStatement(db, {
          accountId: v.accountId,
          reason: `fair play: ${detector} (${round(measured)} ${unit}, limit ${round(limit)})`,
          bannedBy: null,
          createdAt: now,
          expiresAt: now + (v.banMinutes ?? 60) * 60_000,
        }),
      );
    }
    const work = db
      .batch(statements)
      .catch((e: unknown) =>
        console.error(`room ${this.#roomId}: recording a fair-play ${v.step} failed`, e),
      );
    this.#waitUntil(work);
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
