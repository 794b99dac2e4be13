// The limits of parties, in one place: the routes enforce them and docs/api.md states them.

/** Members of one party at most, the leader included (a mode's team size may be smaller). */
export const MAX_PARTY_MEMBERS = 8;

/** Account invitations one account may send per rolling minute. */
export const PARTY_INVITES_PER_MINUTE = 10;

/** How long an account invitation can be accepted, ms. */
export const PARTY_INVITE_TTL_MS = 10 * 60_000;
