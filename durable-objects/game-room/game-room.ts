// GameRoom: one Durable Object per room, a thin adapter between the platform (WebSocket
// Hibernation API, timers, D1) and the RoomCore from shared/. It runs whichever registered
// game its configuration names: the matchmaker and lobbies configure a room when they place
// it (game, mode, seats, teams, members); a public room opened by id takes its game's
// settings on first use. The configuration is stored, so a restarted room runs the same game
// with the same guest list. Unjoined sockets go through Admission (credentials and the
// access policy — a player's, or a spectator's — are checked before the core sees the
// HELLO); joined players' data is loaded and saved by RoomPlayerData; a recording room's
// replay chunks and manifests are stored by RoomReplays; moderators reach the room over RPC
// (kick, mute, inspect). Beside it: room-run.ts builds the core and adapters, room-host-sink.ts
// is the core's sink, hello-policy.ts the access verdict on a verified HELLO, and a world's
// zone adds room-zone.ts (built by zone-setup.ts, restored by zone-persistence.ts).

import type { DurableObjectsEnv } from "../../server/env.js";
import type { GameRegistry, RegisteredGame } from "../../server/games/game-registry.js";
import { ADDRESS_HEADER, ROOM_ID_HEADER } from "../../server/placement/room-address.js";
import {
  ROOM_CREATE_HEADER,
  ROOM_PATH,
  type RoomConfig,
  teamOf,
} from "../../server/placement/room-config.js";
import type { HelloMessage } from "../../shared/protocol/client-messages.js";
import { CLOSE, type CloseCode } from "../../shared/protocol/close-codes.js";
import { resolveRoomOptions } from "../../shared/room/room-options.js";
import type { ConnectionId, RoomSink } from "../../shared/room/room-sink.js";
import type { RoomSnapshot } from "../../shared/room/room-snapshot.js";
import { SocketHost } from "../host/socket-host.js";
import { type AdmissionDecision, checkJoin, type PlayerIdentity } from "./admission.js";
import { FairPlayRecord } from "./fair-play-record.js";
import { helloPolicy } from "./hello-policy.js";
import {
  accessAnswer,
  type ConfigDecision,
  decideConfigure,
  decideMembers,
  openedRoomConfig,
  refusal,
  unserved,
} from "./room-configuration.js";
import { expireUnresumed, GRACE_ALARM, graceAlarmAt } from "./room-grace.js";
import { roomHostSink } from "./room-host-sink.js";
import { type RoomInfo, roomInfo } from "./room-info.js";
import {
  type InspectedPlayer,
  matches,
  type PlayerTarget,
  type RoomInspection,
} from "./room-moderation.js";
import { RoomMutes } from "./room-mutes.js";
import {
  closedRefusal,
  forgetClosedRoom,
  NO_SHOW_ALARM,
  ROOM_CLOSED_KEY,
  ROOM_NO_SHOW_MS,
  type RoomClosedMark,
  unclaimed,
} from "./room-no-show.js";
import { loadRoomSnapshot } from "./room-persistence.js";
import type { RoomPlayerData } from "./room-player-data.js";
import { type ReplayStorageHost, RoomReplays, recoverReplays } from "./room-replays.js";
import { buildRoomRun, type RoomRun } from "./room-run.js";
import { type RoomStatsReport, roomStats } from "./room-stats.js";
import { RoomUsage, USAGE_FLUSH_MS } from "./room-usage.js";
import type { ZoneFigures } from "./room-zone.js";
import { UnadmittedSockets } from "./unadmitted-sockets.js";
import { ViolationAudit } from "./violation-audit.js";
import type { LinkBatch } from "./zone-links.js";

export type { RoomInfo } from "./room-info.js";

/** How often a running room saves changed player data, in ms. */
export const PLAYER_DATA_SAVE_INTERVAL_MS = 30_000;

/** The address of a socket request that came without one (tests, scripts). */
const UNKNOWN_ADDRESS = "local";

/** Storage key of the room's configuration. */
export const ROOM_CONFIG_KEY = "room-config";

/** Kept on each socket (at most 16 KiB) so a restarted object can re-attach it. */
interface SocketAttachment {
  readonly conn: ConnectionId;
  readonly roomId: string;
  playerId?: number;
  name?: string;
  /** The player's resume token, kept so a restarted object restores it unchanged. */
  resumeToken?: string;
  /**
   * Set once the socket's HELLO was admitted as a spectator's: a restarted object re-attaches
   * it as a spectator (the tags of a socket are fixed when it is accepted, before its HELLO).
   */
  spectator?: true;
  /** The verified account, set with playerId (or spectator). */
  accountId?: string;
  /** The client's address (counted against the unadmitted sockets it may hold). */
  address?: string;
  roles?: readonly string[];
}

/** The authoritative room Durable Object, for the games of one registry. */
export class GameRoom extends SocketHost<DurableObjectsEnv, SocketAttachment> {
  readonly #games: GameRegistry;
  readonly #sockets = new Map<ConnectionId, WebSocket>();
  readonly #unadmitted = new UnadmittedSockets();
  #audit: ViolationAudit | undefined;
  /** What the room consumes, by the minute (room-usage.ts); its D1 and storage run through it. */
  readonly #usage: RoomUsage;
  readonly #db: D1Database;
  readonly #storage: DurableObjectStorage;
  #usageTimer: ReturnType<typeof setInterval> | undefined;
  #fairPlay: FairPlayRecord | undefined;
  #config: RoomConfig | undefined;
  /** Set once a placed room closed unclaimed (room-no-show.ts): it answers 410 from then on. */
  #closed: RoomClosedMark | undefined;
  #game: RegisteredGame | undefined;
  #run: RoomRun | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #saveTimer: ReturnType<typeof setInterval> | undefined;
  /** The stored snapshot read at start-up, used once to build the core. */
  #saved: RoomSnapshot | undefined;
  #peakPlayers = 0;
  /** The accounts muted in this room (room-mutes.ts), read at start-up. */
  #mutes: RoomMutes | undefined;

  /** The platform builds subclasses made by `gameRoomClass`, which pass the registry. */
  constructor(ctx: DurableObjectState, env: DurableObjectsEnv, games: GameRegistry) {
    super(ctx, env);
    this.#games = games;
    this.#usage = new RoomUsage(
      env.DB,
      () => {
        const roomId = this.#run?.roomId ?? ctx.id.name ?? ctx.id.toString();
        const config = this.#config;
        return {
          kind: "room",
          objectId: roomId,
          matchId: roomId,
          game: config?.game ?? "",
          mode: config?.mode ?? config?.game ?? "",
          region: config?.region ?? "",
        };
      },
      (work) => ctx.waitUntil(work),
    );
    this.#db = this.#usage.meteredDb(env.DB);
    this.#storage = this.#usage.meteredStorage(ctx.storage);
    // No event reaches the object before its configuration and snapshot are read.
    void ctx.blockConcurrencyWhile(async () => {
      this.#closed = await ctx.storage.get<RoomClosedMark>(ROOM_CLOSED_KEY);
      this.#mutes = await RoomMutes.load(ctx.storage);
      const config = await ctx.storage.get<RoomConfig>(ROOM_CONFIG_KEY);
      if (!config) return;
      this.#configure(config);
      if (!this.#game) return;
      this.#saved = await loadRoomSnapshot(ctx.storage, this.#game.definition);
      // A recording an earlier run of this object left unfinished gets its manifest and row.
      const replayHost = this.#replayHost();
      if (replayHost) await recoverReplays(replayHost);
      // Sockets survive a restart of the object (eviction, code update): re-attach them.
      const now = Date.now();
      for (const ws of ctx.getWebSockets()) {
        const a = this.attachmentOf(ws);
        // A socket the room closed whose peer never answered is not brought back.
        if (!a || ws.readyState !== WebSocket.OPEN) continue;
        const { core, driver, playerData, zone } = this.#room(a.roomId)!;
        this.#sockets.set(a.conn, ws);
        if (a.spectator) driver.restoreSpectator(a.conn, now);
        else if (a.playerId !== undefined && a.name !== undefined) {
          const { playerId, name, resumeToken, accountId } = a;
          const team = teamOf(config, accountId);
          // A zone refuses (4103) a player its snapshot does not know: the socket is closed.
          driver.restore(a.conn, { playerId, name, resumeToken, accountId }, now, { team });
          if (!accountId || core.playerOf(a.conn) === undefined) continue;
          playerData.join(a.conn, accountId, playerId);
          zone?.entered(accountId, name, playerId, true);
        } else {
          this.#unadmitted.add(a.conn, a.address ?? UNKNOWN_ADDRESS);
          driver.open(a.conn, now);
        }
      }
    });
  }

  /**
   * The room's endpoints, reached through the namespace only: configure, members, access,
   * info and the WebSocket (docs/architecture.md#rooms).
   */
  override async fetch(request: Request): Promise<Response> {
    this.#usage.request();
    const roomId = this.ctx.id.name ?? request.headers.get(ROOM_ID_HEADER);
    if (!roomId) return refusal(400, "invalid_room_id", "room id missing");
    if (this.#closed) return closedRefusal(roomId, this.#closed);
    const path = new URL(request.url).pathname;
    const body = () => request.json().catch(() => undefined);
    if (path === ROOM_PATH.CONFIGURE && request.method === "POST")
      return this.#placed(decideConfigure(this.#config, await body(), this.#games, !!this.#run));
    if (path === ROOM_PATH.SOCKET) return this.#socket(request, roomId);
    const config = this.#config;
    if (!config) return refusal(404, "room_not_found", `no room ${roomId}`);
    if (!this.#game) return unserved(config.game);
    if (path === ROOM_PATH.MEMBERS && request.method === "POST")
      return this.#decided(decideMembers(config, await body()));
    if (path === ROOM_PATH.ACCESS)
      return accessAnswer(config, new URL(request.url).searchParams.get("account") ?? "");
    if (path === ROOM_PATH.INFO) return Response.json(this.#info(this.#room(roomId)!));
    return refusal(404, "not_found", `no endpoint ${path}`);
  }

  async #socket(request: Request, roomId: string): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return refusal(426, "upgrade_required", "expected a WebSocket upgrade");
    if (!this.#config) {
      // A room opened by id is made on first use, when the Worker allows it (public ids).
      const name = request.headers.get(ROOM_CREATE_HEADER);
      const game = name ? this.#games.get(name) : undefined;
      if (!game) return refusal(404, "room_not_found", `no room ${roomId}`);
      await this.#store(openedRoomConfig(game));
    }
    if (!this.#game) return unserved(this.#config!.game);
    const { driver } = this.#room(roomId)!;
    const conn = crypto.randomUUID();
    const address = request.headers.get(ADDRESS_HEADER) ?? UNKNOWN_ADDRESS;
    const { socket, response } = this.accept({ conn, roomId, address }, [conn]);
    // Refused with a close code the client library reports, rather than a failed upgrade.
    const crowded = this.#unadmitted.add(conn, address);
    if (crowded) {
      const detail = crowded === "room" ? "in this room" : "from your address";
      this.closeSocket(socket, CLOSE.TOO_MANY_PENDING, detail);
      return response;
    }
    this.#sockets.set(conn, socket);
    driver.open(conn, Date.now());
    return response;
  }

  /**
   * A placement's configuration: decided and stored as any, and a new one starts the wait for
   * the room's players (room-no-show.ts). A repeated configure (a retried placement) does not
   * push the deadline back.
   */
  async #placed(decision: ConfigDecision): Promise<Response> {
    const answer = await this.#decided(decision);
    // A zone is part of a world that outlives its visitors: it never closes unclaimed (a zone
    // made for a traveller who turned back is entered later by someone else).
    if (decision.ok && decision.changed && !decision.config.zone)
      await this.setNamedAlarm(NO_SHOW_ALARM, Date.now() + ROOM_NO_SHOW_MS);
    return answer;
  }

  /**
   * The no-show deadline came: a room still unclaimed closes for good (its configuration
   * dropped, the mark kept, its search entry and open history row gone); one in use is left
   * to the usual path of a room that empties.
   */
  async #closeIfUnclaimed(): Promise<void> {
    const roomId = this.ctx.id.name ?? this.#run?.roomId;
    if (!this.#config || this.#closed || roomId === undefined) return;
    // Built if it was not (a restarted room continues from its snapshot, players included).
    if (!unclaimed(this.#game && this.#room(roomId)?.core)) return;
    const now = Date.now();
    const mark: RoomClosedMark = { closedAt: now, reason: "no-show" };
    this.#closed = mark;
    this.#config = undefined;
    this.#game = undefined;
    this.#run = undefined;
    await this.#storage.delete(ROOM_CONFIG_KEY);
    await this.#storage.put(ROOM_CLOSED_KEY, mark);
    await forgetClosedRoom(this.#db, roomId, now);
  }

  /** Stores a decided configuration (if it changed) and answers it, or the refusal. */
  async #decided(decision: ConfigDecision): Promise<Response> {
    if (!decision.ok) return decision.response;
    if (decision.changed) await this.#store(decision.config);
    return Response.json(decision.config);
  }

  /**
   * Takes `config` at once (a request arriving while the write is under way sees it) and
   * stores it; the output gate holds every answer until the write is durable.
   */
  async #store(config: RoomConfig): Promise<void> {
    this.#configure(config);
    await this.#storage.put(ROOM_CONFIG_KEY, config);
  }

  #configure(config: RoomConfig): void {
    this.#config = config;
    // A game that left the deployment leaves its rooms unserved (answered, never a crash).
    this.#game = this.#games.get(config.game);
    if (!this.#game) console.error(`room: game "${config.game}" is not registered here`);
  }

  protected override onMessage(
    _ws: WebSocket,
    message: string | ArrayBuffer,
    a: SocketAttachment | null,
  ): void {
    // Billed whoever sent it, joined or not.
    this.#usage.message(typeof message === "string" ? message.length : message.byteLength);
    if (!a) return;
    const run = this.#room(a.roomId);
    if (!run) return;
    const frame = typeof message === "string" ? message : new Uint8Array(message);
    if (a.playerId === undefined && !a.spectator) run.admission.receive(a.conn, frame);
    else run.driver.receive(a.conn, frame, Date.now());
  }

  /** The room's record of protocol violations, made on first use. */
  get #violations(): ViolationAudit {
    this.#audit ??= new ViolationAudit(
      this.#db,
      this.#run?.roomId ?? this.ctx.id.toString(),
      (work) => this.ctx.waitUntil(work),
      Date.now(),
    );
    return this.#audit;
  }

  /** The room's record of fair-play verdicts, made on first use. */
  get #fairPlayRecord(): FairPlayRecord {
    this.#fairPlay ??= new FairPlayRecord(
      this.#db,
      {
        roomId: this.#run?.roomId ?? this.ctx.id.toString(),
        game: this.#game?.name ?? "unknown",
      },
      (work) => this.ctx.waitUntil(work),
      Date.now(),
    );
    return this.#fairPlay;
  }

  /** The player data of the accounts in this room (for server-side game code and tests). */
  get playerData(): RoomPlayerData | undefined {
    return this.#run?.playerData;
  }

  /**
   * RPC: closes the matching players' sockets with 4200 and returns how many.
   * @param roomId the room's name (an RPC call carries no request to read it from)
   */
  async kick(roomId: string, target: PlayerTarget, reason: string): Promise<number> {
    this.#usage.request();
    const run = this.#room(roomId);
    if (!run) return 0;
    let kicked = 0;
    for (const [conn, ws, a] of this.#joined()) {
      if (!matches(target, a)) continue;
      this.#sockets.delete(conn);
      // Kicked players leave for good: no grace period to resume in.
      run.driver.disconnect(conn, Date.now(), false);
      this.#left(conn);
      this.closeSocket(ws, CLOSE.KICKED, reason);
      kicked++;
    }
    return kicked;
  }

  /**
   * RPC: persists the room's snapshot now (besides the interval and the emptying), e.g.
   * before a planned deploy; returns the tick saved, or -1 for a room not built yet.
   */
  async persist(): Promise<number> {
    this.#usage.request();
    const run = this.#run;
    if (!run) return -1;
    await run.persistence.save();
    return run.core.tick;
  }

  /**
   * RPC: mutes or unmutes the matching players' accounts in this room (connected or waiting
   * out a grace period); returns how many seats matched. The voice relay stops (or resumes)
   * relaying them at once and tells every player (VOICE_STATE); the mute is stored, so it
   * holds across reconnections and restarts.
   */
  async mute(roomId: string, target: PlayerTarget, muted: boolean): Promise<number> {
    this.#usage.request();
    const run = this.#room(roomId);
    if (!run || !this.#mutes) return 0;
    const seats = run.core
      .players()
      .filter((p): p is typeof p & { accountId: string } => p.accountId !== undefined)
      .filter((p) => matches(target, { playerId: p.playerId, accountId: p.accountId }));
    if (seats.length === 0) return 0;
    await this.#mutes.set(
      this.#storage,
      seats.map((p) => p.accountId),
      muted,
    );
    for (const p of seats) run.core.voice?.setMuted(p.playerId, muted);
    return seats.length;
  }

  /** RPC: the room with each player's account, roles, mute state and state rate. */
  async inspect(roomId: string): Promise<RoomInspection | undefined> {
    this.#usage.request();
    const run = this.#room(roomId);
    if (!run) return undefined;
    const players: InspectedPlayer[] = [];
    for (const [conn, , a] of this.#joined()) {
      players.push({
        playerId: a.playerId,
        name: a.name ?? "",
        accountId: a.accountId,
        roles: a.roles ?? [],
        muted: this.#mutes?.has(a.accountId) === true,
        dataLoaded: run.playerData.of(conn)?.loaded === true,
        // A joined socket's player is connected in the core, so it has a rate (B/s, whole
        // for operators: congestion scales it by fractions).
        bytesPerSecond: Math.round(run.core.rateOf(a.playerId) ?? 0),
      });
    }
    players.sort((x, y) => x.playerId - y.playerId);
    return {
      ...this.#info(run),
      players,
      pendingConnections: this.#sockets.size - players.length - run.core.spectatorCount,
    };
  }

  /** RPC: the room's own figures (tick durations, traffic, players); undefined for no room. */
  async stats(roomId: string): Promise<RoomStatsReport | undefined> {
    this.#usage.request();
    const run = this.#room(roomId);
    if (!run) return undefined;
    return roomStats(run.roomId, this.#config!, run.core, Date.now());
  }

  /** RPC: a zone's figures (room-zone.ts); undefined for a room that is no zone. */
  async zoneFigures(roomId: string): Promise<ZoneFigures | undefined> {
    this.#usage.request();
    return this.#room(roomId)?.zone?.figures();
  }

  /** RPC from a neighbouring zone of the same world: its messages (room-zone.ts). */
  async zoneDeliver(roomId: string, batch: LinkBatch): Promise<void> {
    this.#usage.request();
    const zone = this.#room(roomId)?.zone;
    if (!zone) throw new Error(`room ${roomId} is not a zone`);
    zone.deliver(batch, Date.now(), (work) => this.ctx.waitUntil(work));
  }

  /** Joined sockets with their attachments. */
  *#joined(): Generator<
    [ConnectionId, WebSocket, SocketAttachment & { playerId: number; accountId: string }]
  > {
    for (const [conn, ws] of this.#sockets) {
      const a = this.attachmentOf(ws);
      if (a?.playerId !== undefined && a.accountId !== undefined)
        yield [conn, ws, a as SocketAttachment & { playerId: number; accountId: string }];
    }
  }

  /**
   * Credentials first (of the HELLO's role: a join ticket only seats a player, a spectator
   * ticket only admits a spectator), then this room's access policy for that role (read now:
   * backfill may add members).
   */
  async #check(roomId: string, hello: HelloMessage): Promise<AdmissionDecision> {
    // A zone ticket is no signed token: the zone that issued it announced its holder over RPC.
    const traveller = this.#run?.zone?.travellerOf(hello, Date.now());
    if (traveller !== undefined)
      return { ok: true, identity: { accountId: traveller, roles: [], via: "join" } };
    const config = this.#config;
    const run = this.#run;
    // An expired join ticket is worth checking only where a seat could resume (a zone's).
    const resuming = hello.resume !== "" && config?.zone !== undefined && run !== undefined;
    const now = Date.now();
    const decision = await checkJoin(this.env, hello.token, roomId, now, hello.role, resuming);
    if (!config || !run) return decision;
    return helloPolicy(config, hello, decision, (token, id) => run.core.resumes(token, id));
  }

  /** Hands an admitted HELLO to the core and keeps the joined player on its socket. */
  #admit(conn: ConnectionId, hello: HelloMessage, identity: PlayerIdentity): void {
    const run = this.#run!;
    const { core } = run;
    const { accountId, roles } = identity;
    this.#unadmitted.remove(conn);
    if (hello.role === "spectator") return this.#admitSpectator(run, conn, hello, identity);
    const resumed = hello.resume !== "" && core.resumes(hello.resume, accountId);
    run.driver.hello(
      conn,
      hello,
      { accountId, team: teamOf(this.#config!, accountId) },
      Date.now(),
    );
    const ws = this.#sockets.get(conn);
    const player = core.playerOf(conn);
    if (!ws || !player) return; // the core refused the HELLO (room full, wrong game…)
    // Keep the player on the socket so a restarted object can restore it.
    const a = this.attachmentOf(ws)!;
    const { playerId, name, resumeToken } = player;
    this.attach(ws, { ...a, playerId, name, resumeToken, accountId, roles });
    this.#peakPlayers = Math.max(this.#peakPlayers, core.playerCount);
    run.playerData.join(conn, accountId, player.playerId);
    run.zone?.entered(accountId, name, playerId, resumed);
    run.registry.changed();
  }

  /** Hands an admitted spectator HELLO to the core and marks its socket a spectator's. */
  #admitSpectator(
    run: RoomRun,
    conn: ConnectionId,
    hello: HelloMessage,
    { accountId, roles }: PlayerIdentity,
  ): void {
    const watching = run.core.spectatorCount;
    run.driver.hello(conn, hello, { accountId, team: undefined }, Date.now());
    const ws = this.#sockets.get(conn);
    // The core refused it (spectators full, another game…) and closed it: nothing to keep.
    if (!ws || run.core.spectatorCount === watching) return;
    this.attach(ws, { ...this.attachmentOf(ws)!, spectator: true, accountId, roles });
    run.registry.changed();
  }

  /** Closes a socket admission refused (the core has it open but not joined). */
  #refuse(conn: ConnectionId, code: CloseCode, detail: string): void {
    const ws = this.#sockets.get(conn);
    this.#sockets.delete(conn);
    this.#unadmitted.remove(conn);
    this.#run?.driver.disconnect(conn, Date.now());
    if (ws) this.closeSocket(ws, code, detail);
  }

  /** A connection is gone: nothing pending for it, and its player's data is saved. */
  #left(conn: ConnectionId): void {
    this.#unadmitted.remove(conn);
    this.#run?.admission.forget(conn);
    void this.#run?.playerData.leave(conn);
    this.#run?.registry.changed();
  }

  protected override onGone(_ws: WebSocket, a: SocketAttachment | null, code: number): void {
    if (!a) return;
    this.#sockets.delete(a.conn);
    // A client that said goodbye (1000) leaves for good; any other close may be a dropped
    // link, and its player waits out the grace period for a resume.
    this.#room(a.roomId)?.driver.disconnect(a.conn, Date.now(), code !== CLOSE.NORMAL.code);
    this.#left(a.conn);
  }

  /** The room's core and adapters, built on first use; undefined for an unserved room. */
  #room(roomId: string): RoomRun | undefined {
    if (this.#run) return this.#run;
    const game = this.#game;
    if (!game || !this.#config) return undefined;
    // After an eviction or a deploy the room continues from its last snapshot.
    const saved = this.#saved && { snapshot: this.#saved, now: Date.now() };
    this.#saved = undefined;
    const replayHost = this.#replayHost();
    if (!replayHost && resolveRoomOptions(game.definition.roomOptions).record)
      console.warn(`room ${roomId}: ${game.name} records, but no REPLAYS bucket is bound`);
    const replays =
      replayHost &&
      new RoomReplays(replayHost, () => ({
        roomId,
        game: game.name,
        mode: this.#config!.mode ?? game.name,
        region: this.#config!.region ?? null,
        access: this.#config!.access,
      }));
    const run = buildRoomRun({
      env: this.env,
      roomId,
      game,
      config: () => this.#config!,
      saved,
      sink: this.#sink(replays),
      replays,
      db: this.#db,
      storage: this.#storage,
      kv: this.ctx.storage.kv,
      documents: this.#games.documents,
      playerData: () => this.#run?.playerData,
      admission: {
        check: (hello) => this.#check(roomId, hello),
        admit: (conn, hello, identity) => this.#admit(conn, hello, identity),
        refuse: (conn, code, detail) => this.#refuse(conn, code, detail),
      },
    });
    this.#mutes?.applyTo(run.core);
    this.#usage.watch(run.core);
    this.#run = run;
    run.zone?.restoreDocuments();
    // Its players wait for a resume: removed at the end of their grace if nobody connects.
    if (saved) void this.#armGraceAlarm();
    return run;
  }

  /** What replay storage needs of the platform; undefined without a REPLAYS bucket. */
  #replayHost(): ReplayStorageHost | undefined {
    const bucket = this.env.REPLAYS;
    if (!bucket) return undefined;
    return {
      bucket,
      db: this.#db,
      storage: this.#storage,
      waitUntil: (work) => this.ctx.waitUntil(work),
      random: (bytes) => crypto.getRandomValues(bytes),
      now: Date.now,
    };
  }

  /** The core's outputs (room-host-sink.ts); with `replays`, the room stores what it records. */
  #sink(replays: RoomReplays | undefined): RoomSink {
    return roomHostSink(
      {
        socket: (conn) => this.#sockets.get(conn),
        closed: (conn, code, reason) => {
          const ws = this.#sockets.get(conn);
          const who = ws ? this.attachmentOf(ws) : null;
          if (who) this.#violations.closed(who, code, reason, Date.now());
          this.#sockets.delete(conn);
          this.#left(conn);
          ws?.close(code, reason);
        },
        setTicking: (on) => this.#setTicking(on),
        fairPlay: (verdict) => this.#fairPlayRecord.verdict(verdict, Date.now()),
        manifest: () => this.#run?.core.replayManifest(),
        db: this.#db,
        names: () => ({
          roomId: this.#run?.roomId ?? this.ctx.id.toString(),
          game: this.#game?.name,
        }),
        waitUntil: (work) => this.ctx.waitUntil(work),
      },
      replays,
    );
  }

  #setTicking(on: boolean): void {
    const run = this.#run!;
    const { core } = run;
    if (on && !this.#timer) {
      // A running interval keeps the object awake and bills duration: only while occupied.
      const waitUntil = (work: Promise<unknown>) => this.ctx.waitUntil(work);
      this.#timer = setInterval(() => {
        const now = Date.now();
        run.driver.update(now);
        // A zone's messages to its neighbours and the world leave after the tick, unawaited.
        run.zone?.afterUpdate(now, waitUntil);
      }, core.tickIntervalMs);
      // Players' data is saved on its own coarse timer, never from the tick.
      this.#saveTimer = setInterval(
        () => void run.playerData.flush(),
        PLAYER_DATA_SAVE_INTERVAL_MS,
      );
      this.#peakPlayers = core.playerCount;
      // Usage goes to D1 on its own coarse timer too, and once more when the room empties.
      this.#usage.awake(true);
      this.#usageTimer = setInterval(() => this.#usage.flush(), USAGE_FLUSH_MS);
      run.persistence.start();
      void this.#armGraceAlarm();
      void run.sessions.start(Date.now());
      run.registry.start();
    } else if (!on && this.#timer) {
      clearInterval(this.#timer);
      if (this.#saveTimer) clearInterval(this.#saveTimer);
      this.#timer = undefined;
      this.#saveTimer = undefined;
      if (this.#usageTimer) clearInterval(this.#usageTimer);
      this.#usageTimer = undefined;
      this.#usage.awake(false);
      this.#usage.flush();
      // An emptied zone tells the world at once (its last report counted players).
      run.zone?.afterUpdate(Date.now(), (work) => this.ctx.waitUntil(work), true);
      void run.persistence.stop();
      void this.#armGraceAlarm();
      // Ticks are numbered from 0: the last tick + 1 is the count run by this object.
      void run.sessions.end(Date.now(), this.#peakPlayers, core.tick + 1);
      run.registry.stop();
    }
  }

  /** Arms (or clears) the grace alarm for the room as it is now (room-grace.ts). */
  #armGraceAlarm(): Promise<void> {
    const at = this.#run && graceAlarmAt(this.#run, Date.now());
    return at === undefined
      ? this.clearNamedAlarm(GRACE_ALARM)
      : this.setNamedAlarm(GRACE_ALARM, at);
  }

  protected override async onAlarm(name: string): Promise<void> {
    // An alarm is billed as a request (the grace watch runs every 30 s while the room ticks).
    this.#usage.request();
    if (name === NO_SHOW_ALARM) return this.#closeIfUnclaimed();
    if (name !== GRACE_ALARM) return;
    const roomId = this.ctx.id.name ?? this.#run?.roomId;
    // Built if it was not: after a restart this is what restores a zone nobody came back to.
    const run = roomId === undefined ? undefined : this.#room(roomId);
    if (!run) return;
    await expireUnresumed(run, Date.now());
    await this.#armGraceAlarm();
  }

  #info(run: RoomRun): RoomInfo {
    return roomInfo(run.roomId, this.#config!, run.core);
  }
}

/**
 * The GameRoom class wrangler binds, for the games of `games` (workerd constructs a Durable
 * Object with its state and env only, so the registry is closed over here).
 */
export function gameRoomClass(games: GameRegistry): GameRoomClass {
  return class extends GameRoom {
    constructor(ctx: DurableObjectState, env: DurableObjectsEnv) {
      super(ctx, env, games);
    }
  };
}

/** A GameRoom class as the platform constructs it. */
export type GameRoomClass = new (ctx: DurableObjectState, env: DurableObjectsEnv) => GameRoom;
