// WebSocket close codes, one table for server and client. 4000–4999 is the range RFC 6455
// leaves to applications. Ranges: 40xx protocol, 41xx auth, 42xx moderation, 43xx
// connection health; later issues fill theirs. `retryable` tells a client whether
// connecting again with the same credentials and build can succeed.

/** Every close code edgetick sends, with its meaning. */
export const CLOSE = {
  /** 1000: the room or the client ended the session on purpose. */
  NORMAL: { code: 1000, reason: "normal closure", retryable: false },
  /** 1001: the server is going away (restart, deploy). */
  GOING_AWAY: { code: 1001, reason: "server going away", retryable: true },
  /** 4000 (0b1111_1010_0000): a frame that does not decode, or a text frame. */
  MALFORMED_FRAME: { code: 4000, reason: "malformed frame", retryable: false },
  /** 4001: the client speaks a protocol version the server does not. */
  UNSUPPORTED_VERSION: { code: 4001, reason: "unsupported protocol version", retryable: false },
  /** 4002: a frame larger than MAX_CLIENT_FRAME_BYTES. */
  FRAME_TOO_LARGE: { code: 4002, reason: "frame too large", retryable: false },
  /** 4003: no hello within the room's handshake timeout. */
  HANDSHAKE_TIMEOUT: { code: 4003, reason: "handshake timeout", retryable: true },
  /** 4004: a message that is valid but not allowed now (input before hello, a second hello). */
  UNEXPECTED_MESSAGE: { code: 4004, reason: "unexpected message", retryable: false },
  /** 4005: the room has its maximum number of players. */
  ROOM_FULL: { code: 4005, reason: "room full", retryable: true },
  /** 4006: the hello decoded but its contents are refused (e.g. an empty name). */
  INVALID_HELLO: { code: 4006, reason: "invalid hello", retryable: false },
  /** 4007: more messages per second than the room allows. */
  RATE_LIMITED: { code: 4007, reason: "rate limited", retryable: true },
  /** 4008: an input the game's validation refuses. */
  INVALID_INPUT: { code: 4008, reason: "invalid input", retryable: false },
  /** 4009: the client's game schema differs from the room's (another build of the game). */
  SCHEMA_MISMATCH: { code: 4009, reason: "game schema mismatch", retryable: false },
  /** 4010: the client plays another game than the room runs (the HELLO's game name). */
  WRONG_GAME: { code: 4010, reason: "room runs another game", retryable: false },
  /**
   * 4011: the room already holds as many sockets that have not joined yet as it takes, in
   * all or from this client's address; try again shortly.
   */
  TOO_MANY_PENDING: { code: 4011, reason: "too many connections waiting to join", retryable: true },
  /**
   * 4012: the match used up the budget its game declared (GameDefinition.budget, policy
   * "end"): the room ended it. Not retryable: the match is over.
   */
  MATCH_BUDGET: { code: 4012, reason: "match budget used up", retryable: false },
  // 41xx: credentials in the HELLO token (an access token or a join ticket). Not retryable
  // with the same token: the client signs in, refreshes or asks for a new ticket first.
  /** 4100: the HELLO carries no token. */
  MISSING_CREDENTIALS: { code: 4100, reason: "missing credentials", retryable: false },
  /** 4101: the token is not a well-formed signed token with the claims edgetick issues. */
  MALFORMED_CREDENTIALS: { code: 4101, reason: "malformed credentials", retryable: false },
  /** 4102: the signature does not verify, or the key id is not in the server's key ring. */
  FORGED_CREDENTIALS: { code: 4102, reason: "forged credentials", retryable: false },
  /** 4103: the token has expired: refresh it (or get a new ticket) and join again. */
  EXPIRED_CREDENTIALS: { code: 4103, reason: "expired credentials", retryable: false },
  /** 4104: a genuine token issued for something else (another audience or issuer). */
  WRONG_AUDIENCE: { code: 4104, reason: "wrong audience", retryable: false },
  /** 4105: a join ticket for another room. */
  WRONG_ROOM: { code: 4105, reason: "wrong room", retryable: false },
  /** 4106: the account is banned. */
  BANNED: { code: 4106, reason: "banned", retryable: false },
  /** 4107: credentials could not be checked right now (the database failed): try again. */
  AUTH_UNAVAILABLE: { code: 4107, reason: "authentication unavailable", retryable: true },
  /**
   * 4108: a plain access token at a ticket-only room (made by the matchmaker or a lobby, or
   * of a game whose rooms need tickets): join with the room's join ticket. A player who
   * already joined may resume with either.
   */
  TICKET_REQUIRED: { code: 4108, reason: "join ticket required", retryable: false },
  /** 4109: a genuine ticket for this room, but the room was not made for its account. */
  NOT_INVITED: { code: 4109, reason: "not invited to this room", retryable: false },
  // 42xx: moderation.
  /** 4200: a moderator or admin removed the player; clients should not rejoin on their own. */
  KICKED: { code: 4200, reason: "kicked", retryable: false },
  // 43xx: connection health. Retryable: the client reconnects and resumes its player.
  /** 4300: nothing arrived from the client within the room's idle timeout (a dead link). */
  IDLE_TIMEOUT: { code: 4300, reason: "idle timeout", retryable: true },
  /**
   * 4301: the client reads too slowly: the reliable backlog its socket holds unsent passed
   * the room's `maxBacklogBytes` (1 MiB by default), or its frames still arrive but none has
   * acknowledged an update for the room's idle timeout (it stopped reading).
   */
  SLOW_CONSUMER: { code: 4301, reason: "reliable backlog over limit", retryable: true },
  /** 4302: the same player resumed on another connection; this one is replaced. */
  REPLACED: { code: 4302, reason: "replaced by a newer connection", retryable: false },
  /**
   * 4303: the client's own watchdog: nothing arrived from the room within the client's
   * `reconnect.idleTimeoutMs`, so it closed the link itself (a half-open connection never
   * reports its death) and resumes. Never sent by a room: apart from 4300 so that a report
   * (the bots', a client's close event) tells the client's verdict from the room's.
   */
  ROOM_SILENT: { code: 4303, reason: "nothing heard from the room", retryable: true },
  // 44xx: peer sessions (listen servers and P2P meshes, docs/sessions.md).
  /**
   * 4400: the peer hosting the session left or dropped. Retryable: the session elects a new
   * host and the client resumes its player there (host migration).
   */
  HOST_LEFT: { code: 4400, reason: "host left the session", retryable: true },
  /** 4401: the session ended (its host closed it, or nobody is left to host it). */
  SESSION_ENDED: { code: 4401, reason: "session ended", retryable: false },
  /** 4402: no path to the peer: direct, TURN and relay attempts all failed. */
  NO_PATH: { code: 4402, reason: "no path to peer", retryable: true },
} as const;

/** The name of a close code in the table. */
export type CloseName = keyof typeof CLOSE;

/** One entry of the close-code table. */
export type CloseCode = (typeof CLOSE)[CloseName];

const BY_CODE = new Map<number, CloseCode>(Object.values(CLOSE).map((c) => [c.code, c]));

/** Looks a received close code up; unknown codes come back undefined. */
export function describeClose(code: number): CloseCode | undefined {
  return BY_CODE.get(code);
}
