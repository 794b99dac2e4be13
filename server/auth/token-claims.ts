// The tokens edgetick signs: who issues them, whom they are for, and the claims each
// carries. Access tokens open the HTTP API and rooms; join tickets seat a player in one room
// only; spectator tickets let their holder watch one room only; session tickets open the
// signaling socket of one peer session only.

/** The `iss` of every token edgetick signs. */
export const TOKEN_ISSUER = "edgetick";

/** The `aud` of each kind of token; a token is accepted only where its audience is. */
export const TOKEN_AUDIENCE = {
  /** Short-lived access token: the HTTP API and any room. */
  ACCESS: "edgetick:access",
  /** Join ticket: one room, named in the `room` claim. */
  JOIN: "edgetick:join",
  /**
   * Spectator ticket: watching one room (`room` claim), never playing in it. An audience of
   * its own, so that it can never seat a player and a join ticket never opens a spectator
   * seat it was not minted for.
   */
  SPECTATE: "edgetick:spectate",
  /**
   * Session ticket: the signaling socket of one peer session (`session` claim), with the
   * holder's `role` and display `name`. An audience of its own, so that it never opens a
   * room (whose ids may look like session ids) and a join ticket never opens a session.
   */
  SESSION: "edgetick:session",
} as const;

/** A token audience edgetick issues. */
export type TokenAudience = (typeof TOKEN_AUDIENCE)[keyof typeof TOKEN_AUDIENCE];

/** The kinds of credential a room HELLO may carry. */
export type CredentialKind = "access" | "join" | "spectate";

/** Who a verified token speaks for. */
export interface Credential {
  /** "access" for an access token, "join" for a join ticket, "spectate" for a spectator ticket. */
  readonly kind: CredentialKind;
  /** The account (`sub`). */
  readonly accountId: string;
  /** Role names at the time the token was signed. */
  readonly roles: readonly string[];
  /** The room a join or spectator ticket is for; undefined for access tokens. */
  readonly room?: string;
  /** When the token stops being accepted, Unix ms. */
  readonly expiresAt: number;
}

/** Why a credential was refused. Rooms map each to a 41xx close code, the API to a 401. */
export type CredentialFailure =
  | "missing"
  | "malformed"
  | "forged"
  | "expired"
  | "wrong_audience"
  | "wrong_room"
  | "banned";

/** Why a token was refused, with a detail for logs and close reasons. */
export interface CredentialRefusal {
  readonly ok: false;
  readonly failure: CredentialFailure;
  readonly detail: string;
}

/** A verification outcome: the credential, or why it was refused. */
export type CredentialResult =
  | { readonly ok: true; readonly credential: Credential }
  | CredentialRefusal;

/** A refused credential with a reason. */
export function refused(failure: CredentialFailure, detail: string): CredentialRefusal {
  return { ok: false, failure, detail };
}

/** What a session ticket's holder may be: the session's registering host, or a peer. */
export type SessionRole = "host" | "peer";

/** A verified session ticket. */
export interface SessionTicket {
  /** The account (`sub`). */
  readonly accountId: string;
  readonly roles: readonly string[];
  /** The peer session it opens. */
  readonly sessionId: string;
  /** "host" only for the account that registered the session (docs/api.md#peer-sessions). */
  readonly role: SessionRole;
  /** The name the other peers see, 1–64 characters. */
  readonly name: string;
  /** When the ticket stops being accepted, Unix ms. */
  readonly expiresAt: number;
}

/** A session ticket's verification outcome; `wrong_room` stands for another session. */
export type SessionTicketResult =
  | { readonly ok: true; readonly ticket: SessionTicket }
  | CredentialRefusal;
