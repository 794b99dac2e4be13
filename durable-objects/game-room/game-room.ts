// GameRoom: one Durable Object per room, a thin adapter between the platform (WebSocket
// Hibernation API, timers, D1) and the RoomCore from shared/. It translates socket events
// into core calls with Date.now(), and the core's sink back into socket sends and closes.
// Unjoined sockets go through Admission (credentials are verified before the core sees the
// HELLO); joined players' data is loaded and saved by RoomPlayerData; moderators reach the
// room over RPC (kick, mute, inspect).

import { DurableObject } from "cloudflare:workers";
import type { DurableObjectsEnv } from "../../server/env.js";
import { ROOM_ID_HEADER } from "../../server/placement/room-address.js";
import { PlayerDataRepository } from "../../server/player-data/player-data-repository.js";
import { arenaGame } from "../../shared/game/arena/index.js";
import { CLOSE, type CloseCode } from "../../shared/protocol/close-codes.js";
import { RoomCore } from "../../shared/room/room-core.js";
import type { ConnectionId, RoomSink } from "../../shared/room/room-sink.js";
import type { RoomSnapshot } from "../../shared/room/room-snapshot.js";
import { Admission, checkJoin, type PlayerIdentity } from "./admission.js";
import { arenaDataHooks, DOCUMENT_SCHEMAS } from "./arena-data.js";
import { closeReason } from "./close-reason.js";
import { ResumeOwners } from "./resume-owners.js";
import {
  type InspectedPlayer,
  matches,
  type PlayerTarget,
  type RoomInspection,
} from "./room-moderation.js";
import { loadRoomSnapshot, RoomPersistence } from "./room-persistence.js";
import { RoomPlayerData } from "./room-player-data.js";
import { RoomSessions } from "./room-sessions.js";
import { SessionRegistry } from "./session-registry.js";

/** How often a running room saves changed player data, in ms. */
export const PLAYER_DATA_SAVE_INTERVAL_MS = 30_000;

/** Kept on each socket (at most 16 KiB) so a restarted object can re-attach it. */
interface SocketAttachment {
  readonly conn: ConnectionId;
  readonly roomId: string;
  playerId?: number;
  name?: string;
  /** The player's resume token, kept so a restarted object restores it unchanged. */
  resumeToken?: string;
  /** The verified account, set with playerId. */
  accountId?: string;
  roles?: readonly string[];
  muted?: boolean;
}

/** Room information served at GET /v1/rooms/:roomId. */
export interface RoomInfo {
  readonly roomId: string;
  readonly game: string;
  readonly tick: number;
  readonly tickRate: number;
  readonly running: boolean;
  /** Players in the room; `connected` is false while one waits out its grace period. */
  readonly players: readonly {
    readonly playerId: number;
    readonly name: string;
    readonly connected: boolean;
  }[];
}

type ArenaRoom = RoomCore<typeof arenaGame.idleInput>;

/** The authoritative room Durable Object. */
export class GameRoom extends DurableObject<DurableObjectsEnv> {
  readonly #sockets = new Map<ConnectionId, WebSocket>();
  #core: ArenaRoom | undefined;
  #sessions: RoomSessions | undefined;
  #admission: Admission | undefined;
  #playerData: RoomPlayerData | undefined;
  #registry: SessionRegistry | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #saveTimer: ReturnType<typeof setInterval> | undefined;
  #persistence: RoomPersistence | undefined;
  readonly #resumeOwners = new ResumeOwners();
  /** The stored snapshot read at start-up, used once to build the core. */
  #saved: RoomSnapshot | undefined;
  #peakPlayers = 0;

  constructor(ctx: DurableObjectState, env: DurableObjectsEnv) {
    super(ctx, env);
    // No event reaches the object before the stored snapshot is read.
    void ctx.blockConcurrencyWhile(async () => {
      this.#saved = await loadRoomSnapshot(ctx.storage, arenaGame);
      // Sockets survive a restart of the object (eviction, code update): re-attach them.
      const now = Date.now();
      for (const ws of ctx.getWebSockets()) {
        const a = ws.deserializeAttachment() as SocketAttachment | null;
        if (!a) continue;
        const core = this.#room(a.roomId);
        this.#sockets.set(a.conn, ws);
        if (a.playerId !== undefined && a.name !== undefined) {
          const { playerId, name, resumeToken } = a;
          core.restore(a.conn, { playerId, name, resumeToken }, now);
          this.#resumeOwners.set(resumeToken, a.accountId);
          if (a.accountId) this.#playerData!.join(a.conn, a.accountId, a.playerId);
        } else core.open(a.conn, now);
      }
    });
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
    this.#room(a.roomId);
    const frame = typeof message === "string" ? message : new Uint8Array(message);
    if (a.playerId === undefined) this.#admission!.receive(a.conn, frame);
    else this.#deliver(a.conn, frame);
  }

  /** The player data of the accounts in this room (for server-side game code and tests). */
  get playerData(): RoomPlayerData | undefined {
    return this.#playerData;
  }

  /**
   * RPC: closes the matching players' sockets with 4200 and returns how many.
   * @param roomId the room's name (an RPC call carries no request to read it from)
   */
  async kick(roomId: string, target: PlayerTarget, reason: string): Promise<number> {
    const core = this.#room(roomId);
    let kicked = 0;
    for (const [conn, ws, a] of this.#joined()) {
      if (!matches(target, a)) continue;
      this.#sockets.delete(conn);
      // Kicked players leave for good: no grace period to resume in.
      core.disconnect(conn, Date.now(), false);
      this.#left(conn);
      ws.close(CLOSE.KICKED.code, closeReason(CLOSE.KICKED, reason));
      kicked++;
    }
    return kicked;
  }

  /**
   * RPC: persists the room's snapshot now (besides the interval and the emptying), e.g.
   * before a planned deploy; returns the tick saved, or -1 for a room not built yet.
   */
  async persist(): Promise<number> {
    const core = this.#core;
    if (!core) return -1;
    await this.#persistence!.save();
    return core.tick;
  }

  /** RPC: mutes or unmutes the matching players; returns how many. */
  async mute(roomId: string, target: PlayerTarget, muted: boolean): Promise<number> {
    this.#room(roomId);
    let changed = 0;
    for (const [, ws, a] of this.#joined()) {
      if (!matches(target, a)) continue;
      ws.serializeAttachment({ ...a, muted } satisfies SocketAttachment);
      changed++;
    }
    return changed;
  }

  /** RPC: the room with each player's account, roles, mute state and state rate. */
  async inspect(roomId: string): Promise<RoomInspection> {
    const core = this.#room(roomId);
    const players: InspectedPlayer[] = [];
    for (const [conn, , a] of this.#joined()) {
      players.push({
        playerId: a.playerId,
        name: a.name ?? "",
        accountId: a.accountId,
        roles: a.roles ?? [],
        muted: a.muted === true,
        dataLoaded: this.#playerData!.of(conn)?.loaded === true,
        // A joined socket's player is connected in the core, so it has a rate (B/s, whole
        // for operators: congestion scales it by fractions).
        bytesPerSecond: Math.round(core.rateOf(a.playerId) ?? 0),
      });
    }
    players.sort((x, y) => x.playerId - y.playerId);
    return {
      ...this.#info(roomId, core),
      players,
      pendingConnections: this.#sockets.size - players.length,
    };
  }

  /** Joined sockets with their attachments. */
  *#joined(): Generator<
    [ConnectionId, WebSocket, SocketAttachment & { playerId: number; accountId: string }]
  > {
    for (const [conn, ws] of this.#sockets) {
      const a = ws.deserializeAttachment() as SocketAttachment | null;
      if (a?.playerId !== undefined && a.accountId !== undefined)
        yield [conn, ws, a as SocketAttachment & { playerId: number; accountId: string }];
    }
  }

  /** Hands a frame to the core; with `identity`, it is the HELLO admission verified. */
  #deliver(conn: ConnectionId, frame: Uint8Array | string, identity?: PlayerIdentity): void {
    const core = this.#core!;
    // A resume token is honoured only for the account it was issued to.
    const hello =
      identity && typeof frame !== "string"
        ? this.#resumeOwners.screen(frame, identity.accountId, arenaGame.input.bytes)
        : frame;
    core.receive(conn, hello, Date.now());
    if (!identity) return;
    const ws = this.#sockets.get(conn);
    const player = core.playerOf(conn);
    if (!ws || !player) return; // the core refused the HELLO (room full, bad name…)
    // Keep the player on the socket so a restarted object can restore it.
    const a = ws.deserializeAttachment() as SocketAttachment;
    const { playerId, name, resumeToken } = player;
    this.#resumeOwners.set(resumeToken, identity.accountId);
    ws.serializeAttachment({
      ...a,
      playerId,
      name,
      resumeToken,
      ...identity,
    } satisfies SocketAttachment);
    this.#peakPlayers = Math.max(this.#peakPlayers, core.playerCount);
    this.#playerData!.join(conn, identity.accountId, player.playerId);
    this.#registry?.changed();
  }

  /** Closes a socket admission refused (the core has it open but not joined). */
  #refuse(conn: ConnectionId, code: CloseCode, detail: string): void {
    const ws = this.#sockets.get(conn);
    this.#sockets.delete(conn);
    this.#core!.disconnect(conn, Date.now());
    ws?.close(code.code, closeReason(code, detail));
  }

  /** A connection is gone: nothing pending for it, and its player's data is saved. */
  #left(conn: ConnectionId): void {
    this.#admission?.forget(conn);
    void this.#playerData?.leave(conn);
    this.#registry?.changed();
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    // Answer the peer's close, or its socket hangs in CLOSING (the socket is CLOSING here,
    // not CLOSED). 1005 and 1006 are reserved and cannot be sent back.
    if (ws.readyState !== WebSocket.CLOSED)
      ws.close(code === 1005 || code === 1006 ? CLOSE.NORMAL.code : code, reason);
    // A client that said goodbye (1000) leaves for good; any other close may be a dropped
    // link, and its player waits out the grace period for a resume.
    this.#drop(ws, code !== CLOSE.NORMAL.code);
  }

  override webSocketError(ws: WebSocket): void {
    this.#drop(ws, true);
  }

  #drop(ws: WebSocket, resumable: boolean): void {
    const a = ws.deserializeAttachment() as SocketAttachment | null;
    if (!a) return;
    this.#sockets.delete(a.conn);
    this.#room(a.roomId).disconnect(a.conn, Date.now(), resumable);
    this.#left(a.conn);
  }

  #room(roomId: string): ArenaRoom {
    if (this.#core) return this.#core;
    this.#sessions = new RoomSessions(this.env.DB, roomId, arenaGame.name);
    // After an eviction or a deploy the room continues from its last snapshot.
    const saved = this.#saved && { snapshot: this.#saved, now: Date.now() };
    this.#saved = undefined;
    const core = new RoomCore(arenaGame, roomId, this.#sink(), {}, saved);
    this.#core = core;
    this.#persistence = new RoomPersistence(
      this.ctx.storage,
      () => core.snapshot(Date.now()),
      core.options.snapshotIntervalMs,
    );
    this.#registry = new SessionRegistry(this.env.DB, roomId, {
      mode: arenaGame.name,
      players: () => core.playerCount,
      capacity: () => core.options.maxPlayers,
    });
    this.#admission = new Admission(
      {
        check: (token) => checkJoin(this.env, token, roomId, Date.now()),
        deliver: (conn, frame, identity) => this.#deliver(conn, frame, identity),
        refuse: (conn, code, detail) => this.#refuse(conn, code, detail),
      },
      arenaGame.input.bytes,
    );
    this.#playerData = new RoomPlayerData({
      repo: new PlayerDataRepository(this.env.DB),
      schemas: DOCUMENT_SCHEMAS,
      hooks: arenaDataHooks(),
      roomId,
      now: Date.now,
      tick: () => core.tick,
    });
    return core;
  }

  #sink(): RoomSink {
    return {
      send: (conn, bytes) => this.#sockets.get(conn)?.send(bytes),
      // workerd queues what a socket cannot send yet and reports it here; the core holds
      // unreliable events above its backpressure threshold and cuts the socket (4301) above
      // its backlog limit. Sends never wait, so the tick never stalls for a slow client.
      buffered: (conn) => this.#sockets.get(conn)?.bufferedAmount ?? 0,
      random: (bytes) => crypto.getRandomValues(bytes),
      close: (conn, code, reason) => {
        const ws = this.#sockets.get(conn);
        this.#sockets.delete(conn);
        this.#left(conn);
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
      // Players' data is saved on its own coarse timer, never from the tick.
      this.#saveTimer = setInterval(
        () => void this.#playerData!.flush(),
        PLAYER_DATA_SAVE_INTERVAL_MS,
      );
      this.#peakPlayers = core.playerCount;
      this.#persistence!.start();
      void this.#sessions!.start(Date.now());
      this.#registry!.start();
    } else if (!on && this.#timer) {
      clearInterval(this.#timer);
      if (this.#saveTimer) clearInterval(this.#saveTimer);
      this.#timer = undefined;
      this.#saveTimer = undefined;
      void this.#persistence!.stop();
      this.#armGraceAlarm();
      // Ticks are numbered from 0: the last tick + 1 is the count run by this object.
      void this.#sessions!.end(Date.now(), this.#peakPlayers, core.tick + 1);
      this.#registry!.stop();
    }
  }

  /**
   * Everyone is disconnected and the tick stopped: an alarm (a coarse timer that lets the
   * object hibernate or be evicted) removes the players nobody resumed in time.
   */
  #armGraceAlarm(): void {
    const deadline = this.#core?.graceDeadline;
    if (deadline !== undefined) void this.ctx.storage.setAlarm(deadline);
  }

  override async alarm(): Promise<void> {
    const roomId = this.ctx.id.name;
    if (!roomId && !this.#core) return;
    const core = this.#room(roomId ?? "");
    if (core.ticking) return; // the tick expires grace periods itself
    core.expireGrace(Date.now());
    await this.#persistence!.save();
    this.#armGraceAlarm();
  }

  #info(roomId: string, core: ArenaRoom): RoomInfo {
    return {
      roomId,
      game: arenaGame.name,
      tick: core.tick,
      tickRate: core.options.tickRate,
      running: core.ticking,
      // Never the resume tokens: they are bearer secrets of their clients.
      players: core.players().map(({ playerId, name, connected }) => ({
        playerId,
        name,
        connected: connected !== false,
      })),
    };
  }
}
