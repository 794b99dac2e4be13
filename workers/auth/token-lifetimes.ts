// How long each credential lives. Access tokens are short so that role changes and bans
// reach the HTTP API within minutes; refresh tokens are long and revocable in D1.

/** Token lifetimes, in seconds. */
export const TOKEN_LIFETIMES = {
  /** Access tokens (HTTP API and rooms): 15 minutes. */
  ACCESS_S: 15 * 60,
  /** Refresh tokens: 30 days, rotated on every use. */
  REFRESH_S: 30 * 24 * 60 * 60,
  /** Join tickets (one room): 60 seconds, enough to connect. */
  JOIN_TICKET_S: 60,
  /** Spectator tickets (watching one room): 60 seconds, enough to connect. */
  SPECTATOR_TICKET_S: 60,
} as const;
