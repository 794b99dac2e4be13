// A typed client for the HTTP API: sign-in, player data, rooms, matchmaking, lobbies,
// session search, replays and regions. Every answer is validated by the same shared schema
// the Worker declares its route with; every failure is an HttpError. Lobby ready, chat and
// settings go over the lobby WebSocket, not here.

import type { z } from "zod";
import { type GuestSignIn, type OidcSignIn, Session } from "../../../shared/http/auth-schemas.js";
import { GameList } from "../../../shared/http/games-schemas.js";
import { type CreateLobby, LobbyAnswer } from "../../../shared/http/lobbies-schemas.js";
import { MatchTicket, type NewMatchTicket } from "../../../shared/http/matchmaking-schemas.js";
import {
  type InviteToParty,
  type JoinParty,
  Party,
  PartyInvites,
} from "../../../shared/http/parties-schemas.js";
import {
  JoinedSession,
  type JoinSessionRequest,
  PeerSessionUsage,
  RegisteredSession,
} from "../../../shared/http/peer-sessions-schemas.js";
import {
  Account,
  PlayerDocument,
  type PutPlayerDocument,
} from "../../../shared/http/players-schemas.js";
import { Regions } from "../../../shared/http/regions-schemas.js";
import { ReplayPage, type ReplaySearchQuery } from "../../../shared/http/replays-schemas.js";
import { JoinTicket, RoomInfo, SpectatorTicket } from "../../../shared/http/rooms-schemas.js";
import {
  JoinOrCreate,
  type JoinOrCreateRequest,
  LiveSession,
  type RegisterSession,
  type SessionHeartbeat,
  SessionPage,
  type SessionSearchQuery,
} from "../../../shared/http/sessions-schemas.js";
import { ReplayManifest } from "../../../shared/replay/replay-manifest.js";
import { type HttpClientOptions, resolveHttpOptions } from "./http-options.js";
import { HttpTransport } from "./http-transport.js";

/** Filters of searchSessions (GET /v1/sessions). */
export type SessionSearch = Pick<
  z.output<typeof SessionSearchQuery>,
  "game" | "mode" | "region" | "kind" | "sort" | "order" | "cursor"
> & {
  /** Only sessions with players < capacity. */
  readonly hasSpace?: boolean;
  /** Page size, 1–100. @default 20 */
  readonly limit?: number;
  /** Custom property filters, sent as `prop.<key>=<value>`. */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
};

/** Filters of listReplays (GET /v1/replays). */
export type ReplaySearch = Pick<
  z.output<typeof ReplaySearchQuery>,
  "game" | "player" | "cursor"
> & {
  /** Only the caller's own matches. */
  readonly mine?: boolean;
  /**
   * Only matches started at or after this: a Date, or an ISO 8601 date (its 00:00 UTC) or
   * date-time with an offset.
   */
  readonly from?: Date | string;
  /** Only matches started before this; a date alone includes its whole day (UTC). */
  readonly to?: Date | string;
  /** Page size, 1–100. @default 20 */
  readonly limit?: number;
};

const seg = encodeURIComponent;

/**
 * The HTTP API of one edgetick deployment, with the session it signed in.
 * @example
 * const http = createHttpClient({ baseUrl: "https://game.example.com", onSession: save });
 * await http.signInGuest({ deviceId, name: "ada" });
 * const { lobby } = await http.createLobby({ settings: { maxPlayers: 4 } });
 */
export class HttpClient {
  readonly #t: HttpTransport;

  constructor(options: HttpClientOptions) {
    this.#t = new HttpTransport(resolveHttpOptions(options));
  }

  /** The held session (null before sign-in and after sign-out). */
  get session(): Session | null {
    return this.#t.session;
  }

  /** POST /v1/auth/guest: signs in the guest of `deviceId` (created on first use) and holds the session. */
  async signInGuest(body: GuestSignIn): Promise<Session> {
    const s = await this.#t.json(
      { method: "POST", path: "/v1/auth/guest", body, auth: false },
      Session,
    );
    this.#t.setSession(s);
    return s;
  }

  /** POST /v1/auth/oidc: signs in with an OpenID Connect ID token and holds the session. */
  async signInOidc(body: OidcSignIn): Promise<Session> {
    const s = await this.#t.json(
      { method: "POST", path: "/v1/auth/oidc", body, auth: false },
      Session,
    );
    this.#t.setSession(s);
    return s;
  }

  /**
   * POST /v1/auth/refresh: exchanges the held refresh token for a new session now (calls do
   * this on their own when the access token expires). A refused token drops the session.
   */
  refresh(): Promise<Session> {
    return this.#t.refresh();
  }

  /** POST /v1/auth/logout: revokes the held refresh token and drops the session. */
  async signOut(): Promise<void> {
    const held = this.#t.session;
    if (!held) return;
    const body = { refreshToken: held.refreshToken };
    try {
      await this.#t.empty({ method: "POST", path: "/v1/auth/logout", body, auth: false });
    } finally {
      // Signed out locally even if the revocation failed: the access token runs out alone.
      this.#t.setSession(null);
    }
  }

  /** GET /v1/players/me: the signed-in account. */
  getAccount(): Promise<Account> {
    return this.#t.json({ method: "GET", path: "/v1/players/me", auth: true }, Account);
  }

  /** GET /v1/players/me/data/:key: one of my data documents (404 `not_found` if none). */
  getPlayerData(key: string): Promise<PlayerDocument> {
    const path = `/v1/players/me/data/${seg(key)}`;
    return this.#t.json({ method: "GET", path, auth: true }, PlayerDocument);
  }

  /**
   * PUT /v1/players/me/data/:key: replaces the document if its version is `body.version` (0
   * creates it), else 409 `version_conflict`. An idempotency key makes a retry safe.
   */
  putPlayerData(
    key: string,
    body: PutPlayerDocument,
    options: { readonly idempotencyKey?: string } = {},
  ): Promise<PlayerDocument> {
    const path = `/v1/players/me/data/${seg(key)}`;
    const headers: Record<string, string> = options.idempotencyKey
      ? { "Idempotency-Key": options.idempotencyKey }
      : {};
    return this.#t.json({ method: "PUT", path, body, headers, auth: true }, PlayerDocument);
  }

  /** GET /v1/rooms/:roomId: a room, described without joining it. */
  getRoom(roomId: string): Promise<RoomInfo> {
    return this.#t.json({ method: "GET", path: `/v1/rooms/${seg(roomId)}`, auth: false }, RoomInfo);
  }

  /** POST /v1/rooms/:roomId/tickets: a 60 s join ticket for one room. */
  createJoinTicket(roomId: string): Promise<JoinTicket> {
    const path = `/v1/rooms/${seg(roomId)}/tickets`;
    return this.#t.json({ method: "POST", path, auth: true }, JoinTicket);
  }

  /**
   * POST /v1/rooms/:roomId/spectator-tickets: a 60 s spectator ticket, the `token` of
   * `spectate()` for a ticket room (its members, moderators and admins; 403 `not_invited`
   * otherwise). A public room admits spectators with an access token alone.
   */
  createSpectatorTicket(roomId: string): Promise<SpectatorTicket> {
    const path = `/v1/rooms/${seg(roomId)}/spectator-tickets`;
    return this.#t.json({ method: "POST", path, auth: true }, SpectatorTicket);
  }

  /** GET /v1/replays: one page of recorded matches the caller may watch, newest first; pass `next` back as `cursor`. */
  listReplays(search: ReplaySearch = {}): Promise<ReplayPage> {
    const query = new URLSearchParams();
    for (const name of ["game", "player", "cursor"] as const) {
      const value = search[name];
      if (value !== undefined) query.set(name, value);
    }
    if (search.mine !== undefined) query.set("mine", String(search.mine));
    for (const name of ["from", "to"] as const) {
      const value = search[name];
      if (value !== undefined) query.set(name, value instanceof Date ? value.toISOString() : value);
    }
    if (search.limit !== undefined) query.set("limit", String(search.limit));
    return this.#t.json({ method: "GET", path: "/v1/replays", query, auth: true }, ReplayPage);
  }

  /**
   * GET /v1/replays/:replayId: the replay's manifest, validated (chunks tiling its ticks).
   * `createReplayPlayer` checks its game and schema; `openReplay` does both.
   */
  getReplay(replayId: string): Promise<ReplayManifest> {
    const path = `/v1/replays/${seg(replayId)}`;
    return this.#t.json({ method: "GET", path, auth: true }, ReplayManifest);
  }

  /**
   * GET /v1/replays/:replayId/chunks/:index: one chunk's bytes, as recorded (the replay
   * player decodes and checks them).
   * @throws RangeError when `index` is not an integer ≥ 0
   */
  getReplayChunk(replayId: string, index: number): Promise<Uint8Array> {
    if (!Number.isInteger(index) || index < 0)
      throw new RangeError(`getReplayChunk: index must be an integer ≥ 0, got ${index}`);
    const path = `/v1/replays/${seg(replayId)}/chunks/${index}`;
    const headers = { Accept: "application/octet-stream" };
    return this.#t.bytes({ method: "GET", path, headers, auth: true });
  }

  /**
   * POST /v1/matchmaking/tickets: queues the caller in a mode; a party's leader queues every
   * member of the party (a member who is not its leader gets 403 not_party_leader).
   */
  createMatchTicket(body: NewMatchTicket): Promise<MatchTicket> {
    const call = { method: "POST", path: "/v1/matchmaking/tickets", body, auth: true } as const;
    return this.#t.json(call, MatchTicket);
  }

  /** GET /v1/matchmaking/tickets/:ticketId: its status; `waitS` (0–25) long-polls for a change. */
  getMatchTicket(
    ticketId: string,
    options: { readonly waitS?: number } = {},
  ): Promise<MatchTicket> {
    const path = `/v1/matchmaking/tickets/${seg(ticketId)}`;
    const query =
      options.waitS === undefined
        ? undefined
        : new URLSearchParams({ wait: String(options.waitS) });
    return this.#t.json(
      { method: "GET", path, auth: true, ...(query ? { query } : {}) },
      MatchTicket,
    );
  }

  /** DELETE /v1/matchmaking/tickets/:ticketId: cancels a waiting ticket; answers its final state. */
  cancelMatchTicket(ticketId: string): Promise<MatchTicket> {
    const path = `/v1/matchmaking/tickets/${seg(ticketId)}`;
    return this.#t.json({ method: "DELETE", path, auth: true }, MatchTicket);
  }

  /** POST /v1/parties: a new party led by the caller; share `inviteCode` to let others in. */
  createParty(): Promise<Party> {
    return this.#t.json({ method: "POST", path: "/v1/parties", auth: true }, Party);
  }

  /** GET /v1/parties/me: the caller's party (404 not_in_party when none). */
  getParty(): Promise<Party> {
    return this.#t.json({ method: "GET", path: "/v1/parties/me", auth: true }, Party);
  }

  /** POST /v1/parties/me/invites: the leader invites accounts (10 a minute at most). */
  inviteToParty(body: InviteToParty): Promise<Party> {
    const call = { method: "POST", path: "/v1/parties/me/invites", body, auth: true } as const;
    return this.#t.json(call, Party);
  }

  /** GET /v1/parties/invites: the caller's pending invitations, newest first. */
  listPartyInvites(): Promise<PartyInvites> {
    return this.#t.json({ method: "GET", path: "/v1/parties/invites", auth: true }, PartyInvites);
  }

  /** POST /v1/parties/join: joins by `{ code }`, or accepts an invitation by `{ partyId }`. */
  joinParty(body: JoinParty): Promise<Party> {
    return this.#t.json({ method: "POST", path: "/v1/parties/join", body, auth: true }, Party);
  }

  /** DELETE /v1/parties/me: leaves the party (its waiting matchmaking ticket is cancelled). */
  leaveParty(): Promise<void> {
    return this.#t.empty({ method: "DELETE", path: "/v1/parties/me", auth: true });
  }

  /** POST /v1/lobbies: a new lobby hosted by the caller; its code is `lobby.code`. */
  createLobby(body: CreateLobby = {}): Promise<LobbyAnswer> {
    return this.#t.json({ method: "POST", path: "/v1/lobbies", body, auth: true }, LobbyAnswer);
  }

  /** GET /v1/lobbies/:code: a lobby of mine (with a join ticket once its game started). */
  getLobby(code: string): Promise<LobbyAnswer> {
    return this.#t.json(
      { method: "GET", path: `/v1/lobbies/${seg(code)}`, auth: true },
      LobbyAnswer,
    );
  }

  /** POST /v1/lobbies/:code/members: joins a lobby by its code. */
  joinLobby(code: string): Promise<LobbyAnswer> {
    const path = `/v1/lobbies/${seg(code)}/members`;
    return this.#t.json({ method: "POST", path, auth: true }, LobbyAnswer);
  }

  /** DELETE /v1/lobbies/:code/members/me: leaves a lobby; answers it as it is now. */
  leaveLobby(code: string): Promise<LobbyAnswer> {
    const path = `/v1/lobbies/${seg(code)}/members/me`;
    return this.#t.json({ method: "DELETE", path, auth: true }, LobbyAnswer);
  }

  /** GET /v1/sessions: one page of live sessions; pass `next` back as `cursor`. */
  searchSessions(search: SessionSearch = {}): Promise<SessionPage> {
    const query = new URLSearchParams();
    for (const name of ["game", "mode", "region", "kind", "sort", "order", "cursor"] as const) {
      const value = search[name];
      if (value !== undefined) query.set(name, value);
    }
    if (search.hasSpace !== undefined) query.set("hasSpace", String(search.hasSpace));
    if (search.limit !== undefined) query.set("limit", String(search.limit));
    for (const [key, value] of Object.entries(search.properties ?? {}))
      query.set(`prop.${key}`, String(value));
    return this.#t.json({ method: "GET", path: "/v1/sessions", query, auth: true }, SessionPage);
  }

  /** POST /v1/sessions/join-or-create: a join ticket for a room with space, created if none. */
  joinOrCreateSession(body: JoinOrCreateRequest): Promise<JoinOrCreate> {
    const call = { method: "POST", path: "/v1/sessions/join-or-create", body, auth: true } as const;
    return this.#t.json(call, JoinOrCreate);
  }

  /**
   * POST /v1/sessions: registers a listen-server or P2P session the caller hosts; the answer
   * carries the host's ticket to the session's signaling socket (`signalUrl`).
   */
  registerSession(body: RegisterSession): Promise<RegisteredSession> {
    const call = { method: "POST", path: "/v1/sessions", body, auth: true } as const;
    return this.#t.json(call, RegisteredSession);
  }

  /**
   * POST /v1/sessions/:sessionId/join: a ticket to a listen or P2P session's signaling
   * socket (one per socket: ask again to reconnect).
   */
  joinPeerSession(sessionId: string, body: JoinSessionRequest = {}): Promise<JoinedSession> {
    const path = `/v1/sessions/${seg(sessionId)}/join`;
    return this.#t.json({ method: "POST", path, body, auth: true }, JoinedSession);
  }

  /** GET /v1/sessions/:sessionId/usage: a peer session's relay and signaling counts (host or admin). */
  getSessionUsage(sessionId: string): Promise<PeerSessionUsage> {
    const path = `/v1/sessions/${seg(sessionId)}/usage`;
    return this.#t.json({ method: "GET", path, auth: true }, PeerSessionUsage);
  }

  /** POST /v1/sessions/:sessionId/heartbeat: keeps a hosted session alive (send within 60 s). */
  heartbeatSession(sessionId: string, body: SessionHeartbeat = {}): Promise<LiveSession> {
    const path = `/v1/sessions/${seg(sessionId)}/heartbeat`;
    return this.#t.json({ method: "POST", path, body, auth: true }, LiveSession);
  }

  /** DELETE /v1/sessions/:sessionId: removes a hosted session. */
  removeSession(sessionId: string): Promise<void> {
    return this.#t.empty({ method: "DELETE", path: `/v1/sessions/${seg(sessionId)}`, auth: true });
  }

  /** GET /v1/games: the games this deployment serves, the default first, with their modes. */
  getGames(): Promise<GameList> {
    return this.#t.json({ method: "GET", path: "/v1/games", auth: false }, GameList);
  }

  /** GET /v1/regions: the regions (with ping paths) and the one detected for this client. */
  getRegions(options: { readonly region?: string } = {}): Promise<Regions> {
    const query = options.region ? new URLSearchParams({ region: options.region }) : undefined;
    return this.#t.json(
      { method: "GET", path: "/v1/regions", auth: false, ...(query ? { query } : {}) },
      Regions,
    );
  }
}

/**
 * Makes an HTTP client for one deployment.
 * @example
 * const http = createHttpClient({ baseUrl: "http://127.0.0.1:8787" });
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new HttpClient(options);
}
