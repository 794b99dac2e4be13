// Lobby: one Durable Object per lobby (named by its code), a thin adapter around LobbyCore
// from shared/lobby. Membership changes arrive over RPC from the Worker (which verified the
// caller); members talk over a hibernatable WebSocket speaking the JSON lobby protocol
// (docs/protocol.md#lobby-protocol). The state is plain data stored after every change, so
// the object can hibernate between messages and survive restarts. The countdown is an
// alarm. The start (room placement and every member's ticket) happens between beginStart
// and commitStart: members see it only once all of it succeeded.

import { DurableObject } from "cloudflare:workers";
import { loadKeyRing, TOKEN_AUDIENCE, verifyToken } from "../../server/auth/index.js";
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

/** One lobby. */
export class Lobby extends DurableObject<PlacementEnv> {
  #core: LobbyCore | undefined;

  constructor(ctx: DurableObjectState, env: PlacementEnv) {
    super(ctx, env);
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
        await ctx.storage.setAlarm(state.countdownEndsAt);
      }
    });
  }

  /** RPC: creates the lobby with `host`; refused if the code is in use. */
  async create(
    code: string,
    host: JoiningMember,
    settings: LobbySettings,
  ): Promise<LobbyAnswer | LobbyFailure> {
    if (this.#core && this.#core.state.phase !== "closed")
      return { ok: false, code: "code_taken", message: "lobby code in use" };
    let state: LobbyState;
    try {
      state = LobbyCore.create(code, host, settings, Date.now());
    } catch (e) {
      return { ok: false, code: "invalid_request", message: (e as Error).message };
    }
    this.#core = this.#wrap(state);
    await this.#save();
    return { ok: true, lobby: this.#core.view() };
  }

  /** RPC: adds a member (joining twice is fine). */
  async join(member: JoiningMember): Promise<LobbyAnswer | LobbyFailure> {
    const core = this.#core;
    if (!core) return notFound();
    return this.#answer(core.join(member, Date.now()), member.accountId);
  }

  /** RPC: removes a member. */
  async leave(accountId: string): Promise<LobbyAnswer | LobbyFailure> {
    const core = this.#core;
    if (!core) return notFound();
    return this.#answer(core.leave(accountId), accountId);
  }

  /** RPC: the lobby as `accountId` sees it (with a fresh ticket if its game has started). */
  async describe(accountId: string): Promise<LobbyAnswer | LobbyFailure> {
    if (!this.#core) return notFound();
    return this.#answer({ ok: true }, accountId, false);
  }

  /** The member WebSocket at `/ws`; the first message must be a hello with an access token. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return new Response("expected a WebSocket upgrade", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== "string")
      return ws.close(LOBBY_CLOSE.MALFORMED_FRAME.code, "lobby frames are JSON text");
    const decoded = decodeLobbyClientMessage(message);
    if (!decoded.ok) return ws.close(LOBBY_CLOSE.MALFORMED_FRAME.code, decoded.error.slice(0, 100));
    const m = decoded.value;
    const a = ws.deserializeAttachment() as LobbyAttachment | null;
    if (!a) {
      if (m.type !== "hello") return ws.close(LOBBY_CLOSE.UNEXPECTED_MESSAGE.code, "hello first");
      return this.#hello(ws, m.token);
    }
    const core = this.#core!;
    const now = Date.now();
    let outcome: LobbyOutcome;
    switch (m.type) {
      case "hello":
        return ws.close(LOBBY_CLOSE.UNEXPECTED_MESSAGE.code, "second hello");
      case "ready":
        outcome = core.setReady(a.accountId, m.ready);
        break;
      case "settings":
        outcome = core.updateSettings(a.accountId, m.settings);
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
        if (started.ok) await this.ctx.storage.setAlarm(started.endsAt!);
        break;
      }
    }
    if (!outcome.ok) send(ws, { type: "error", code: outcome.code, message: outcome.message });
    else if (m.type !== "chat") await this.#save();
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    // Answer the peer's close or its socket hangs in CLOSING; 1005/1006 cannot be sent.
    if (ws.readyState !== WebSocket.CLOSED)
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    this.#gone(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.#gone(ws);
  }

  /** The countdown ended: start the game for everyone or for no one. */
  override async alarm(): Promise<void> {
    const core = this.#core;
    if (!core?.beginStart(Date.now()).ok) return this.#save();
    await startLobbyGame(this.env, core, (accountId, issued, game) => {
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
    if (!verified.ok) return ws.close(4101, `credentials refused: ${verified.failure}`);
    const { accountId, roles } = verified.credential;
    if (!core?.member(accountId))
      return ws.close(LOBBY_CLOSE.NOT_A_MEMBER.code, LOBBY_CLOSE.NOT_A_MEMBER.reason);
    for (const old of this.#socketsOf(accountId))
      old.close(LOBBY_CLOSE.REPLACED.code, LOBBY_CLOSE.REPLACED.reason);
    ws.serializeAttachment({ accountId } satisfies LobbyAttachment);
    core.setConnected(accountId, true);
    // A member who reconnects after the start (or dropped during it) gets a ticket now.
    const game = core.state.game;
    if (core.state.phase === "started" && game) {
      const issued = await mintRoomTicket(this.env, { accountId, roles }, game.roomId, Date.now());
      send(ws, { type: "started", ...issued, regionId: game.regionId, warnings: game.warnings });
    }
  }

  #gone(ws: WebSocket): void {
    const a = ws.deserializeAttachment() as LobbyAttachment | null;
    if (!a || !this.#core) return;
    const others = this.#socketsOf(a.accountId).filter((s) => s !== ws);
    if (others.length === 0) this.#core.setConnected(a.accountId, false);
  }

  #socketsOf(accountId: string): WebSocket[] {
    return this.ctx.getWebSockets().filter((ws) => {
      const a = ws.deserializeAttachment() as LobbyAttachment | null;
      return a?.accountId === accountId && ws.readyState === WebSocket.OPEN;
    });
  }

  #wrap(state: LobbyState): LobbyCore {
    return new LobbyCore(state, {
      broadcast: (m) => {
        const text = JSON.stringify(m);
        for (const ws of this.ctx.getWebSockets())
          if (ws.deserializeAttachment() && ws.readyState === WebSocket.OPEN) ws.send(text);
      },
      send: (accountId, m) => {
        for (const ws of this.#socketsOf(accountId)) send(ws, m);
      },
      disconnect: (accountId, code, reason) => {
        for (const ws of this.#socketsOf(accountId)) ws.close(code, reason);
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
