// Lobby: one Durable Object per lobby (named by its code), a thin adapter around LobbyCore
// from shared/lobby. Membership changes arrive over RPC from the Worker (which verified the
// caller); members talk over a hibernatable WebSocket speaking the JSON lobby protocol
// (docs/protocol.md#lobby-protocol). The state is plain data stored after every change, so
// the object can hibernate between messages and survive restarts. The countdown is an
// alarm; so is the idle check that closes a lobby nobody used for LOBBY_IDLE_MS. The start
// (room placement and every member's ticket) happens between beginStart and commitStart:
// members see it only once all of it succeeded.

import { loadKeyRing, TOKEN_AUDIENCE, verifyToken } from "../../server/auth/index.js";
import type { GameRegistry } from "../../server/games/game-registry.js";
import type { PlacementEnv } from "../../server/placement/placement-env.js";
import type { IssuedTicket } from "../../server/placement/room-tickets.js";
import { mintRoomTicket } from "../../server/placement/room-tickets.js";
import {
  type JoiningMember,
  LobbyCore,
  type LobbyOutcome,
  type LobbyState,
} from "../../shared/lobby/lobby-core.js";
import {
  decodeLobbyClientMessage,
  LOBBY_CLOSE,
  type LobbyServerMessage,
  type LobbyView,
} from "../../shared/lobby/lobby-protocol.js";
import type { LobbySettings } from "../../shared/lobby/lobby-settings.js";
import { ObjectUsage } from "../host/object-usage.js";
import { SocketHost } from "../host/socket-host.js";
import { startLobbyGame } from "./lobby-start.js";

/** Kept on each lobby socket once its hello is verified. */
interface LobbyAttachment {
  readonly accountId: string;
}

/** A lobby view for one caller, with a fresh join ticket when its game has started. */
export interface LobbyAnswer {
  readonly ok: true;
  readonly lobby: LobbyView;
  readonly ticket?: IssuedTicket;
}

/** A refused lobby action: a stable code and a message. */
export interface LobbyFailure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
}

const STATE_KEY = "state";

/** The named alarm of the countdown. */
const COUNTDOWN_ALARM = "countdown";

/** The named alarm that closes a lobby nobody used. */
const IDLE_ALARM = "idle";

/**
 * A lobby with no member connected and no call (create, join, leave, read) for this long
 * closes, ms: longer than a match, so a lobby whose members play its game with the lobby's
 * socket closed is still there to reopen after it.
 * @default 30 minutes
 */
export const LOBBY_IDLE_MS = 30 * 60_000;

/** One lobby. */
export class Lobby extends SocketHost<PlacementEnv, LobbyAttachment> {
  readonly #games: GameRegistry;
  #core: LobbyCore | undefined;
  /** The idle deadline armed last by this instance (Unix ms), to skip re-arming it per call. */
  #idleAt: number | undefined;
  /** The lobby's usage (durable-objects/host/object-usage.ts). */
  readonly #usage: ObjectUsage;

  /** The platform builds subclasses made by `lobbyClass`, which pass the registry. */
  constructor(ctx: DurableObjectState, env: PlacementEnv, games: GameRegistry) {
    super(ctx, env);
    this.#games = games;
    this.#usage = new ObjectUsage(
      env.DB,
      () => ({
        kind: "lobby",
        objectId: ctx.id.name ?? ctx.id.toString(),
        matchId: "",
        game: this.#core?.state.settings.game ?? "",
        mode: this.#core?.state.settings.mode ?? "",
        region: "",
      }),
      (work) => ctx.waitUntil(work),
    );
    void ctx.blockConcurrencyWhile(async () => {
      const state = await ctx.storage.get<LobbyState>(STATE_KEY);
      if (!state) return;
      this.#core = this.#wrap(state);
      for (const ws of ctx.getWebSockets()) {
        const a = ws.deserializeAttachment() as LobbyAttachment | null;
        if (a) this.#core.setConnected(a.accountId, true, true);
      }
      // A countdown whose alarm was lost (a restart mid-start) runs now.
      if (state.phase === "countdown" || state.phase === "starting") {
        if (state.phase === "starting") state.phase = "countdown";
        state.countdownEndsAt ??= Date.now();
        await this.setNamedAlarm(COUNTDOWN_ALARM, state.countdownEndsAt);
      }
    });
  }

  /** RPC: creates the lobby with `host`; refused if the code is in use. */
  async create(
    code: string,
    host: JoiningMember,
    settings: LobbySettings,
  ): Promise<LobbyAnswer | LobbyFailure> {
    this.#countRequest();
    if (this.#core && this.#core.state.phase !== "closed")
      return { ok: false, code: "code_taken", message: "lobby code in use" };
    const unknown = this.#unknownGame(settings);
    if (unknown) return unknown;
    let state: LobbyState;
    try {
      state = LobbyCore.create(code, host, settings, Date.now());
    } catch (e) {
      return { ok: false, code: "invalid_request", message: (e as Error).message };
    }
    this.#core = this.#wrap(state);
    await this.#save();
    await this.#used(Date.now());
    return { ok: true, lobby: this.#core.view() };
  }

  /** RPC: adds a member (joining twice is fine). */
  async join(member: JoiningMember): Promise<LobbyAnswer | LobbyFailure> {
    this.#countRequest();
    const core = this.#core;
    if (!core) return notFound();
    await this.#used(Date.now());
    return this.#answer(core.join(member, Date.now()), member.accountId);
  }

  /** RPC: removes a member. */
  async leave(accountId: string): Promise<LobbyAnswer | LobbyFailure> {
    this.#countRequest();
    const core = this.#core;
    if (!core) return notFound();
    await this.#used(Date.now());
    return this.#answer(core.leave(accountId), accountId);
  }

  /** RPC: the lobby as `accountId` sees it (with a fresh ticket if its game has started). */
  async describe(accountId: string): Promise<LobbyAnswer | LobbyFailure> {
    this.#countRequest();
    if (!this.#core) return notFound();
    await this.#used(Date.now());
    return this.#answer({ ok: true }, accountId, false);
  }

  /** The member WebSocket at `/ws`; the first message must be a hello with an access token. */
  override async fetch(request: Request): Promise<Response> {
    this.#countRequest();
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return new Response("expected a WebSocket upgrade", { status: 426 });
    return this.accept(null).response;
  }

  protected override async onMessage(
    ws: WebSocket,
    message: string | ArrayBuffer,
    a: LobbyAttachment | null,
  ): Promise<void> {
    this.#usage.message(typeof message === "string" ? message.length : message.byteLength);
    this.#usage.flush();
    if (typeof message !== "string")
      return this.closeSocket(ws, LOBBY_CLOSE.MALFORMED_FRAME, "lobby frames are JSON text");
    const decoded = decodeLobbyClientMessage(message);
    if (!decoded.ok) return this.closeSocket(ws, LOBBY_CLOSE.MALFORMED_FRAME, decoded.error);
    const m = decoded.value;
    if (!a) {
      if (m.type !== "hello")
        return this.closeSocket(ws, LOBBY_CLOSE.UNEXPECTED_MESSAGE, "hello first");
      return this.#hello(ws, m.token);
    }
    const core = this.#core!;
    const now = Date.now();
    let outcome: LobbyOutcome;
    switch (m.type) {
      case "hello":
        return this.closeSocket(ws, LOBBY_CLOSE.UNEXPECTED_MESSAGE, "second hello");
      case "ready":
        outcome = core.setReady(a.accountId, m.ready);
        break;
      case "settings":
        outcome = this.#unknownGame(m.settings) ?? core.updateSettings(a.accountId, m.settings);
        break;
      case "kick":
        outcome = core.kick(a.accountId, m.accountId);
        break;
      case "mute":
        outcome = core.mute(a.accountId, m.accountId, m.muted);
        break;
      case "chat":
        outcome = core.chat(a.accountId, m.text, now);
        break;
      case "latencies":
        outcome = core.setLatencies(a.accountId, m.latencies);
        break;
      case "leave":
        outcome = core.leave(a.accountId);
        break;
      case "reopen":
        outcome = core.reopen(a.accountId);
        break;
      case "start": {
        const started = core.requestStart(a.accountId, now);
        outcome = started;
        if (started.ok) await this.setNamedAlarm(COUNTDOWN_ALARM, started.endsAt!);
        break;
      }
    }
    if (!outcome.ok) send(ws, { type: "error", code: outcome.code, message: outcome.message });
    else if (m.type !== "chat") await this.#save();
  }

  /** The countdown ended: start the game for everyone or for no one. Or the idle check. */
  protected override async onAlarm(name: string): Promise<void> {
    this.#countRequest();
    const core = this.#core;
    if (name === IDLE_ALARM) return this.#closeIfIdle(Date.now());
    if (name !== COUNTDOWN_ALARM) return;
    if (!core?.beginStart(Date.now()).ok) return this.#save();
    const game = core.state.settings.game || this.#games.default.name;
    await startLobbyGame(this.env, core, game, (accountId, issued, game) => {
      for (const ws of this.#socketsOf(accountId))
        send(ws, { type: "started", ...issued, regionId: game.regionId, warnings: game.warnings });
    });
    await this.#save();
  }

  async #hello(ws: WebSocket, token: string): Promise<void> {
    const core = this.#core;
    const ring = await loadKeyRing(this.env.AUTH_KEYS);
    const verified = await verifyToken(ring, token, {
      audiences: [TOKEN_AUDIENCE.ACCESS],
      now: Date.now(),
    });
    if (!verified.ok)
      return this.closeSocket(ws, LOBBY_CLOSE.CREDENTIALS_REFUSED, verified.failure);
    const { accountId, roles } = verified.credential;
    if (!core?.member(accountId)) return this.closeSocket(ws, LOBBY_CLOSE.NOT_A_MEMBER);
    for (const old of this.#socketsOf(accountId)) this.closeSocket(old, LOBBY_CLOSE.REPLACED);
    this.attach(ws, { accountId });
    core.setConnected(accountId, true);
    // A member who reconnects after the start (or dropped during it) gets a ticket now.
    const game = core.state.game;
    if (core.state.phase === "started" && game) {
      const issued = await mintRoomTicket(this.env, { accountId, roles }, game.roomId, Date.now());
      send(ws, { type: "started", ...issued, regionId: game.regionId, warnings: game.warnings });
    }
  }

  protected override async onGone(ws: WebSocket, a: LobbyAttachment | null): Promise<void> {
    if (!a || !this.#core) return;
    const others = this.#socketsOf(a.accountId).filter((s) => s !== ws);
    if (others.length === 0) this.#core.setConnected(a.accountId, false);
    // The idle time counts from the last member's socket leaving.
    if (![...this.attached()].some(([s]) => s !== ws)) await this.#used(Date.now(), true);
  }

  /**
   * The lobby was used at `now`: its idle deadline moves to LOBBY_IDLE_MS from now. Re-armed
   * (a storage write) only when the deadline armed last is within half the timeout, or with
   * `force`, so a lobby read every second writes no more for it.
   */
  async #used(now: number, force = false): Promise<void> {
    if (this.#core?.state.phase === "closed") return;
    if (!force && this.#idleAt !== undefined && this.#idleAt - now > LOBBY_IDLE_MS / 2) return;
    this.#idleAt = now + LOBBY_IDLE_MS;
    await this.setNamedAlarm(IDLE_ALARM, this.#idleAt);
  }

  /**
   * The idle deadline came. A member connected, or a start under way, is use: look again
   * later. Otherwise the lobby closes (LobbyCore.close) and keeps only its closed state.
   */
  async #closeIfIdle(now: number): Promise<void> {
    const core = this.#core;
    if (!core || core.state.phase === "closed") return;
    const starting = core.state.phase === "countdown" || core.state.phase === "starting";
    if (starting || !this.attached().next().done) return this.#used(now, true);
    core.close();
    this.#idleAt = undefined;
    await this.#save();
  }

  #socketsOf(accountId: string): WebSocket[] {
    const out: WebSocket[] = [];
    for (const [ws, a] of this.attached()) if (a.accountId === accountId) out.push(ws);
    return out;
  }

  /** A refusal for settings naming a game this deployment does not serve. */
  #unknownGame(settings: LobbySettings): LobbyFailure | undefined {
    const game = settings.game;
    if (game === undefined || game === "" || this.#games.get(game)) return undefined;
    return { ok: false, code: "unknown_game", message: `no game "${game}" is registered` };
  }

  #wrap(state: LobbyState): LobbyCore {
    return new LobbyCore(state, {
      broadcast: (m) => {
        const text = JSON.stringify(m);
        for (const [ws] of this.attached()) ws.send(text);
      },
      send: (accountId, m) => {
        for (const ws of this.#socketsOf(accountId)) send(ws, m);
      },
      disconnect: (accountId, code, reason) => {
        for (const ws of this.#socketsOf(accountId)) this.closeSocket(ws, { code, reason });
      },
    });
  }

  async #answer(
    outcome: LobbyOutcome,
    accountId: string,
    save = true,
  ): Promise<LobbyAnswer | LobbyFailure> {
    if (!outcome.ok) return outcome;
    if (save) await this.#save();
    const core = this.#core!;
    const game = core.state.game;
    const member = core.member(accountId);
    if (core.state.phase === "started" && game && member) {
      const ticket = await mintRoomTicket(this.env, member, game.roomId, Date.now());
      return { ok: true, lobby: core.view(), ticket };
    }
    return { ok: true, lobby: core.view() };
  }

  /** A request (an RPC call, the socket's upgrade, an alarm) reached the lobby. */
  #countRequest(): void {
    this.#usage.request();
    this.#usage.flush();
  }

  #save(): Promise<void> {
    return this.#core ? this.ctx.storage.put(STATE_KEY, this.#core.state) : Promise.resolve();
  }
}

function send(ws: WebSocket, m: LobbyServerMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
}

function notFound(): LobbyFailure {
  return { ok: false, code: "not_found", message: "no such lobby" };
}

/**
 * The Lobby class wrangler binds, for the games of `games` (workerd constructs a Durable
 * Object with its state and env only, so the registry is closed over here).
 */
export function lobbyClass(games: GameRegistry): LobbyClass {
  return class extends Lobby {
    constructor(ctx: DurableObjectState, env: PlacementEnv) {
      super(ctx, env, games);
    }
  };
}

/** A Lobby class as the platform constructs it. */
export type LobbyClass = new (ctx: DurableObjectState, env: PlacementEnv) => Lobby;
