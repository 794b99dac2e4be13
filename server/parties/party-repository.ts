// Parties in D1 (`parties`, `party_members`, `party_invites`; migrations/0009_parties.sql).
// A party is an object its members joined themselves, by its invite code or by accepting an
// invitation to their account, so matchmaking can queue a party without queueing anyone who
// did not consent. An account is in one party at a time (the member table's key is the
// account). Multi-statement changes run as one D1 batch (one transaction). All SQL is bound.

import { MAX_PARTY_MEMBERS, PARTY_INVITE_TTL_MS } from "./party-limits.js";

/** A party member. */
export interface PartyMember {
  readonly accountId: string;
  /** Unix ms. */
  readonly joinedAt: number;
}

/** A party as its members see it. */
export interface PartyRecord {
  readonly partyId: string;
  readonly leaderId: string;
  readonly inviteCode: string;
  /** The ticket the leader last queued for the party (it may have finished since). */
  readonly ticketId: string | null;
  /** Oldest first; the leader among them. */
  readonly members: readonly PartyMember[];
  /** Accounts invited whose invitation has not expired and who have not joined. */
  readonly invited: readonly string[];
  /** Unix ms. */
  readonly createdAt: number;
}

/** A pending invitation of the caller's account. */
export interface PartyInvite {
  readonly partyId: string;
  readonly leaderId: string;
  readonly invitedBy: string;
  /** Unix ms. */
  readonly createdAt: number;
  /** Unix ms. */
  readonly expiresAt: number;
}

/** Why a join was refused. */
export type PartyJoinRefusal = "not_found" | "already_in_party" | "party_full";

interface PartyRow {
  party_id: string;
  leader_id: string;
  invite_code: string;
  ticket_id: string | null;
  created_at: number;
}

/** True when `e` is SQLite refusing a duplicate key (here: the account is in a party). */
function isUniqueViolation(e: unknown): boolean {
  return e instanceof Error && /UNIQUE constraint failed/i.test(e.message);
}

/** The parties tables. */
export class PartyRepository {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /**
   * Creates a party led by `leaderId`, its only member; undefined when the account is
   * already in a party.
   */
  async create(
    party: { partyId: string; leaderId: string; inviteCode: string },
    now: number,
  ): Promise<PartyRecord | undefined> {
    try {
      await this.#db.batch([
        this.#db
          .prepare(
            "INSERT INTO parties (party_id, leader_id, invite_code, created_at) VALUES (?, ?, ?, ?)",
          )
          .bind(party.partyId, party.leaderId, party.inviteCode, now),
        this.#db
          .prepare("INSERT INTO party_members (account_id, party_id, joined_at) VALUES (?, ?, ?)")
          .bind(party.leaderId, party.partyId, now),
      ]);
    } catch (e) {
      if (isUniqueViolation(e)) return undefined;
      throw e;
    }
    return this.byId(party.partyId, now);
  }

  /** The party `accountId` is in, if any. */
  async ofAccount(accountId: string, now: number): Promise<PartyRecord | undefined> {
    const row = await this.#db
      .prepare("SELECT party_id FROM party_members WHERE account_id = ?")
      .bind(accountId)
      .first<{ party_id: string }>();
    return row ? this.byId(row.party_id, now) : undefined;
  }

  /** A party by id, with its members and pending invitations. */
  async byId(partyId: string, now: number): Promise<PartyRecord | undefined> {
    const [party, members, invited] = await this.#db.batch([
      this.#db.prepare("SELECT * FROM parties WHERE party_id = ?").bind(partyId),
      this.#db
        .prepare(
          "SELECT account_id, joined_at FROM party_members WHERE party_id = ? ORDER BY joined_at, account_id",
        )
        .bind(partyId),
      this.#db
        .prepare(
          `SELECT i.account_id FROM party_invites i
           WHERE i.party_id = ?1 AND i.created_at > ?2
             AND NOT EXISTS (SELECT 1 FROM party_members m WHERE m.account_id = i.account_id AND m.party_id = ?1)
           ORDER BY i.created_at, i.account_id`,
        )
        .bind(partyId, now - PARTY_INVITE_TTL_MS),
    ]);
    const row = party?.results[0] as PartyRow | undefined;
    if (!row) return undefined;
    return {
      partyId: row.party_id,
      leaderId: row.leader_id,
      inviteCode: row.invite_code,
      ticketId: row.ticket_id,
      members: (members!.results as { account_id: string; joined_at: number }[]).map((m) => ({
        accountId: m.account_id,
        joinedAt: m.joined_at,
      })),
      invited: (invited!.results as { account_id: string }[]).map((i) => i.account_id),
      createdAt: row.created_at,
    };
  }

  /** The id of the party whose invite code is `code`, if any. */
  async idByCode(code: string): Promise<string | undefined> {
    const row = await this.#db
      .prepare("SELECT party_id FROM parties WHERE invite_code = ?")
      .bind(code)
      .first<{ party_id: string }>();
    return row?.party_id;
  }

  /** True when `accountId` holds an unexpired invitation to `partyId`. */
  async isInvited(partyId: string, accountId: string, now: number): Promise<boolean> {
    const row = await this.#db
      .prepare(
        "SELECT 1 AS yes FROM party_invites WHERE party_id = ? AND account_id = ? AND created_at > ?",
      )
      .bind(partyId, accountId, now - PARTY_INVITE_TTL_MS)
      .first<{ yes: number }>();
    return row !== null;
  }

  /**
   * Adds `accountId` to `partyId` if the party exists and has room; the caller has checked
   * the account's right to join (code or invitation).
   */
  async join(
    partyId: string,
    accountId: string,
    now: number,
  ): Promise<{ ok: true } | { ok: false; refusal: PartyJoinRefusal }> {
    let changes: number;
    try {
      // One statement: the party's existence and size are checked where the row is written.
      const out = await this.#db
        .prepare(
          `INSERT INTO party_members (account_id, party_id, joined_at)
           SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM parties WHERE party_id = ?2)
             AND (SELECT COUNT(*) FROM party_members WHERE party_id = ?2) < ?4`,
        )
        .bind(accountId, partyId, now, MAX_PARTY_MEMBERS)
        .run();
      changes = out.meta.changes ?? 0;
    } catch (e) {
      if (isUniqueViolation(e)) return { ok: false, refusal: "already_in_party" };
      throw e;
    }
    if (changes > 0) return { ok: true };
    const exists = await this.#db
      .prepare("SELECT 1 AS yes FROM parties WHERE party_id = ?")
      .bind(partyId)
      .first();
    return { ok: false, refusal: exists ? "party_full" : "not_found" };
  }

  /**
   * Takes `accountId` out of its party: the oldest remaining member leads if the leader
   * left, and a party nobody is in ends. Answers the party as it was before, if any.
   */
  async leave(accountId: string, now: number): Promise<PartyRecord | undefined> {
    const before = await this.ofAccount(accountId, now);
    if (!before) return undefined;
    const id = before.partyId;
    await this.#db.batch([
      this.#db
        .prepare("DELETE FROM party_members WHERE account_id = ? AND party_id = ?")
        .bind(accountId, id),
      this.#db
        .prepare(
          `UPDATE parties SET leader_id = (SELECT account_id FROM party_members WHERE party_id = ?1
             ORDER BY joined_at, account_id LIMIT 1)
           WHERE party_id = ?1 AND leader_id = ?2
             AND EXISTS (SELECT 1 FROM party_members WHERE party_id = ?1)`,
        )
        .bind(id, accountId),
      this.#db
        .prepare(
          "DELETE FROM parties WHERE party_id = ?1 AND NOT EXISTS (SELECT 1 FROM party_members WHERE party_id = ?1)",
        )
        .bind(id),
    ]);
    return before;
  }

  /** Invitations `accountId` sent since `since` (Unix ms): the per-minute limit counts them. */
  async invitesSentSince(accountId: string, since: number): Promise<number> {
    const row = await this.#db
      .prepare("SELECT COUNT(*) AS n FROM party_invites WHERE invited_by = ? AND created_at > ?")
      .bind(accountId, since)
      .first<{ n: number }>();
    return row?.n ?? 0;
  }

  /**
   * Invites `accountIds` to `partyId` on behalf of `invitedBy` (a repeated invitation is
   * renewed), and forgets invitations that expired.
   */
  async invite(
    partyId: string,
    invitedBy: string,
    accountIds: readonly string[],
    now: number,
  ): Promise<void> {
    await this.#db.batch([
      this.#db
        .prepare("DELETE FROM party_invites WHERE created_at <= ?")
        .bind(now - PARTY_INVITE_TTL_MS),
      ...accountIds.map((a) =>
        this.#db
          .prepare(
            `INSERT INTO party_invites (party_id, account_id, invited_by, created_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (party_id, account_id) DO UPDATE SET invited_by = excluded.invited_by, created_at = excluded.created_at`,
          )
          .bind(partyId, a, invitedBy, now),
      ),
    ]);
  }

  /** `accountId`'s pending invitations to parties that still exist and it is not in. */
  async invitesOf(accountId: string, now: number): Promise<PartyInvite[]> {
    const out = await this.#db
      .prepare(
        `SELECT i.party_id, p.leader_id, i.invited_by, i.created_at FROM party_invites i
         JOIN parties p ON p.party_id = i.party_id
         WHERE i.account_id = ?1 AND i.created_at > ?2
           AND NOT EXISTS (SELECT 1 FROM party_members m WHERE m.account_id = ?1 AND m.party_id = i.party_id)
         ORDER BY i.created_at DESC LIMIT 50`,
      )
      .bind(accountId, now - PARTY_INVITE_TTL_MS)
      .all<{ party_id: string; leader_id: string; invited_by: string; created_at: number }>();
    return out.results.map((r) => ({
      partyId: r.party_id,
      leaderId: r.leader_id,
      invitedBy: r.invited_by,
      createdAt: r.created_at,
      expiresAt: r.created_at + PARTY_INVITE_TTL_MS,
    }));
  }

  /** Records the ticket the leader queued for the party. */
  async setTicket(partyId: string, ticketId: string): Promise<void> {
    await this.#db
      .prepare("UPDATE parties SET ticket_id = ? WHERE party_id = ?")
      .bind(ticketId, partyId)
      .run();
  }
}
