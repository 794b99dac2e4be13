// GameRoom: one Durable Object per room, a thin adapter between the platform (WebSocket
// Hibernation API, timers, D1) and the RoomCore from shared/. It translates socket events
// into core calls with Date.now(), and the core's sink back into socket sends and closes.

import { DurableObject } from "cloudflare:workers";
import { arenaGame } from "../../shared/game/arena/index.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { RoomCore } from "../../shared/room/room-core.js";
import type { ConnectionId, RoomSink } from "../../shared/room/room-sink.js";
import type { DurableObjectsEnv } from "../env.js";
import { RoomSessions } from "./room-sessions.js";

/** The header the Worker uses to tell a room its id on every request. */
export const ROOM_ID_HEADER = "X-Edgetick-Room";

/** Kept on each socket (at most 16 KiB) so a restarted object can re-attach it. */
interface SocketAttachment {
  readonly conn: ConnectionId;
  readonly roomId: string;
  playerId?: number;
  name?: string;
}

/** Room information served at GET /v1/rooms/:roomId. */
export interface RoomInfo {
  readonly roomId: string;
  readonly game: string;
  readonly tick: number;
  readonly tickRate: number;
  readonly running: boolean;
  readonly players: readonly { readonly playerId: number; readonly name: string }[];
}

type ArenaRoom = RoomCore<ReturnType<typeof arenaGame.create>, typeof arenaGame.idleInput>;

/** The authoritative room Durable Object. */
export class GameRoom extends DurableObject<DurableObjectsEnv> {
  readonly #sockets = new Map<ConnectionId, WebSocket>();
  #core: ArenaRoom | undefined;
  #sessions: RoomSessions | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #peakPlayers = 0;

  constructor(ctx: DurableObjectState, env: DurableObjectsEnv) {
    super(ctx, env);
    // Sockets survive a restart of the object (eviction, code update): re-attach them.
    const now = Date.now();
    for (const ws of ctx.getWebSockets()) {
      const a = ws.deserializeAttachment() as SocketAttachment | null;
      if (!a) continue;
      const core = this.#room(a.roomId);
      this.#sockets.set(a.conn, ws);
      if (a.playerId !== undefined && a.name !== undefined)
        core.restore(a.conn, { playerId: a.playerId, name: a.name }, now);
      else core.open(a.conn, now);
    }
  }

  /** WebSocket upgrades at `/ws`, room information at `/info`. */
  override async fetch(request: Request): Promise<Response> {
    const roomId = this.ctx.id.name ?? request.headers.get(ROOM_ID_HEADER);
    if (!roomId) return new Response("room id missing", { status: 400 });
    const core = this.#room(roomId);
    const path = new URL(request.url).pathname;
    if (path.endsWith("/info")) return Response.json(this.#info(roomId, core));
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    const conn = crypto.randomUUID();
    this.ctx.acceptWebSocket(server, [conn]);
    server.serializeAttachment({ conn, roomId } satisfies SocketAttachment);
    this.#sockets.set(conn, server);
    core.open(conn, Date.now());
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    const a = ws.deserializeAttachment() as SocketAttachment;
    const core = this.#room(a.roomId);
    core.receive(
      a.conn,
      typeof message === "string" ? message : new Uint8Array(message),
      Date.now(),
    );
    if (a.playerId === undefined) {
      // Just joined: keep the player on the socket so a restarted object can restore it.
      const player = core.playerOf(a.conn);
      if (player) ws.serializeAttachment({ ...a, ...player } satisfies SocketAttachment);
      this.#peakPlayers = Math.max(this.#peakPlayers, core.playerCount);
    }
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    // Answer the peer's close, or its socket hangs in CLOSING (the socket is CLOSING here,
    // not CLOSED). 1005 and 1006 are reserved and cannot be sent back.
    if (ws.readyState !== WebSocket.CLOSED)
      ws.close(code === 1005 || code === 1006 ? CLOSE.NORMAL.code : code, reason);
    this.#drop(ws);
  }

  override webSocketError(ws: WebSocket): void {
    this.#drop(ws);
  }

  #drop(ws: WebSocket): void {
    const a = ws.deserializeAttachment() as SocketAttachment | null;
    if (!a) return;
    this.#sockets.delete(a.conn);
    this.#room(a.roomId).disconnect(a.conn, Date.now());
  }

  #room(roomId: string): ArenaRoom {
    if (this.#core) return this.#core;
    this.#sessions = new RoomSessions(this.env.DB, roomId, arenaGame.name);
    this.#core = new RoomCore(arenaGame, roomId, this.#sink());
    return this.#core;
  }

  #sink(): RoomSink {
    return {
      send: (conn, bytes) => this.#sockets.get(conn)?.send(bytes),
      close: (conn, code, reason) => {
        const ws = this.#sockets.get(conn);
        this.#sockets.delete(conn);
        ws?.close(code, reason);
      },
      setTicking: (on) => this.#setTicking(on),
    };
  }

  #setTicking(on: boolean): void {
    const core = this.#core!;
    if (on && !this.#timer) {
      // A running interval keeps the object awake and bills duration: only while occupied.
      this.#timer = setInterval(() => core.update(Date.now()), core.tickIntervalMs);
      this.#peakPlayers = core.playerCount;
      void this.#sessions!.start(Date.now());
    } else if (!on && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      void this.#sessions!.end(Date.now(), this.#peakPlayers, core.tick);
    }
  }

  #info(roomId: string, core: ArenaRoom): RoomInfo {
    return {
      roomId,
      game: arenaGame.name,
      tick: core.tick,
      tickRate: core.options.tickRate,
      running: core.ticking,
      players: core.players(),
    };
  }
}
