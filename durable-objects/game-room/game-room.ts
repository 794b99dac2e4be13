// GameRoom: one Durable Object per room, a thin adapter between the platform (WebSocket
// Hibernation API, timers, D1) and the RoomCore from shared/. It runs whichever registered
// game its configuration names: the matchmaker and lobbies configure a room when they place
// it (game, mode, seats, teams, members); a public room opened by id takes its game's
// settings on first use; the configuration is stored (room-config-store.ts), so a restarted
// room runs the same game with the same guest list. The class routes the platform's requests,
// frames, closes, alarms and RPC calls to the parts beside it: room-sockets.ts keeps the
// sockets from acceptance to departure (an unjoined one's HELLO waits in Admission for its
// credentials and the access policy: hello-verdict.ts); room-runner.ts builds the run
// (room-run.ts: the core, player data, replays and the other adapters) and wires its sink and
// the timers of a ticking room (room-ticking.ts); moderators reach the room over RPC (kick,
// mute, inspect: room-mutes.ts, room-inspection.ts); a world's zone adds room-zone.ts.

import type { DurableObjectsEnv } from "../../server/env.js";
import type { GameRegistry, RegisteredGame } from "../../server/games/game-registry.js";
import { ADDRESS_HEADER, ROOM_ID_HEADER } from "../../server/placement/room-address.js";
import {
  ROOM_CREATE_HEADER,
  ROOM_PATH,
  type RoomConfig,
} from "../../server/placement/room-config.js";
import { SocketHost } from "../host/socket-host.js";
import { RoomConfigStore } from "./room-config-store.js";
import {
  accessAnswer,
  type ConfigDecision,
  decideConfigure,
  decideMembers,
  refusal,
  unserved,
} from "./room-configuration.js";
import { GRACE_ALARM } from "./room-grace.js";
import { type RoomInfo, roomInfo } from "./room-info.js";
import { inspectRoom } from "./room-inspection.js";
import type { PlayerTarget, RoomInspection } from "./room-moderation.js";
import { RoomMutes } from "./room-mutes.js";
import {
  closedRefusal,
  forgetClosedRoom,
  NO_SHOW_ALARM,
  ROOM_NO_SHOW_MS,
  type RoomClosedMark,
  unclaimed,
} from "./room-no-show.js";
import type { RoomPlayerData } from "./room-player-data.js";
import type { RoomRun } from "./room-run.js";
import { RoomRunner } from "./room-runner.js";
import { RoomSockets, type SocketAttachment, UNKNOWN_ADDRESS } from "./room-sockets.js";
import { type RoomStatsReport, roomStats } from "./room-stats.js";
import { RoomUsage, roomUsageLabels } from "./room-usage.js";
import type { ZoneFigures } from "./room-zone.js";
import type { LinkBatch } from "./zone-links.js";

export type { RoomInfo } from "./room-info.js";

/** The authoritative room Durable Object, for the games of one registry. */
export class GameRoom extends SocketHost<DurableObjectsEnv, SocketAttachment> {
  readonly #games: GameRegistry;
  readonly #sockets = new RoomSockets(
    {
      attachmentOf: (ws) => this.attachmentOf(ws),
      attach: (ws, a) => this.attach(ws, a),
      close: (ws, code, detail) => this.closeSocket(ws, code, detail),
    },
    () => this.#run,
  );
  /** What the room consumes, by the minute (room-usage.ts); its D1 and storage run through it. */
  readonly #usage: RoomUsage;
  readonly #db: D1Database;
  readonly #storage: DurableObjectStorage;
  /** The room's configuration and game, or its closed mark (room-no-show.ts). */
  readonly #setup: RoomConfigStore;
  /** The room's run, built on first use and wired to the object (room-runner.ts). */
  readonly #runner: RoomRunner;
  /** The accounts muted in this room (room-mutes.ts), read at start-up. */
  #mutes: RoomMutes | undefined;

  /** The platform builds subclasses made by `gameRoomClass`, which pass the registry. */
  constructor(ctx: DurableObjectState, env: DurableObjectsEnv, games: GameRegistry) {
    super(ctx, env);
    this.#games = games;
    this.#usage = new RoomUsage(
      env.DB,
      () => roomUsageLabels(this.#run?.roomId ?? ctx.id.name ?? ctx.id.toString(), this.#config),
      (work) => ctx.waitUntil(work),
    );
    this.#db = this.#usage.meteredDb(env.DB);
    this.#storage = this.#usage.meteredStorage(ctx.storage);
    this.#setup = new RoomConfigStore(games, this.#storage);
    this.#runner = new RoomRunner({
      env,
      ctx,
      documents: games.documents,
      db: this.#db,
      storage: this.#storage,
      usage: this.#usage,
      setup: this.#setup,
      sockets: this.#sockets,
      mutes: () => this.#mutes,
      setNamedAlarm: (name, at) => this.setNamedAlarm(name, at),
      clearNamedAlarm: (name) => this.clearNamedAlarm(name),
    });
    // No event reaches the object before its configuration and snapshot are read.
    void ctx.blockConcurrencyWhile(async () => {
      await this.#setup.loadClosed(ctx.storage);
      this.#mutes = await RoomMutes.load(ctx.storage);
      const config = await this.#setup.loadConfig(ctx.storage);
      if (config && this.#game)
        await this.#runner.restart(this.#game, config, () => this.attached());
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
    if (this.#setup.closed) return closedRefusal(roomId, this.#setup.closed);
    const path = new URL(request.url).pathname;
    const body = () => request.json().catch(() => undefined);
    if (path === ROOM_PATH.CONFIGURE && request.method === "POST")
      return this.#placed(decideConfigure(this.#config, await body(), this.#games, !!this.#run));
    if (path === ROOM_PATH.SOCKET) return this.#socket(request, roomId);
    const config = this.#config;
    if (!config) return refusal(404, "room_not_found", `no room ${roomId}`);
    if (!this.#game) return unserved(config.game);
    if (path === ROOM_PATH.MEMBERS && request.method === "POST")
      return this.#setup.decided(decideMembers(config, await body()));
    if (path === ROOM_PATH.ACCESS)
      return accessAnswer(config, new URL(request.url).searchParams.get("account") ?? "");
    if (path === ROOM_PATH.INFO) return Response.json(this.#info(this.#runner.room(roomId)!));
    return refusal(404, "not_found", `no endpoint ${path}`);
  }

  async #socket(request: Request, roomId: string): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return refusal(426, "upgrade_required", "expected a WebSocket upgrade");
    if (!this.#config && !(await this.#setup.open(request.headers.get(ROOM_CREATE_HEADER))))
      return refusal(404, "room_not_found", `no room ${roomId}`);
    if (!this.#game) return unserved(this.#config!.game);
    const run = this.#runner.room(roomId)!;
    const conn = crypto.randomUUID();
    const address = request.headers.get(ADDRESS_HEADER) ?? UNKNOWN_ADDRESS;
    const { socket, response } = this.accept({ conn, roomId, address }, [conn]);
    this.#sockets.accept(conn, socket, address, run);
    return response;
  }

  /**
   * A placement's configuration: decided and stored as any, and a new one starts the wait for
   * the room's players (room-no-show.ts). A repeated configure (a retried placement) does not
   * push the deadline back.
   */
  async #placed(decision: ConfigDecision): Promise<Response> {
    const answer = await this.#setup.decided(decision);
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
    if (!this.#config || this.#setup.closed || roomId === undefined) return;
    // Built if it was not (a restarted room continues from its snapshot, players included).
    if (!unclaimed(this.#game && this.#runner.room(roomId)?.core)) return;
    const now = Date.now();
    const mark: RoomClosedMark = { closedAt: now, reason: "no-show" };
    this.#runner.drop();
    await this.#setup.close(mark);
    await forgetClosedRoom(this.#db, roomId, now);
  }

  get #config(): RoomConfig | undefined {
    return this.#setup.config;
  }

  get #game(): RegisteredGame | undefined {
    return this.#setup.game;
  }

  get #run(): RoomRun | undefined {
    return this.#runner.run;
  }

  protected override onMessage(
    _ws: WebSocket,
    message: string | ArrayBuffer,
    a: SocketAttachment | null,
  ): void {
    // Billed whoever sent it, joined or not.
    this.#usage.message(typeof message === "string" ? message.length : message.byteLength);
    if (!a) return;
    const run = this.#runner.room(a.roomId);
    if (!run) return;
    const frame = typeof message === "string" ? message : new Uint8Array(message);
    if (a.playerId === undefined && !a.spectator) run.admission.receive(a.conn, frame);
    else run.driver.receive(a.conn, frame, Date.now());
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
    const run = this.#runner.room(roomId);
    if (!run) return 0;
    return this.#sockets.kick(run, target, reason);
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
    const run = this.#runner.room(roomId);
    if (!run || !this.#mutes) return 0;
    return this.#mutes.muteSeats(run.core, this.#storage, target, muted);
  }

  /** RPC: the room with each player's account, roles, mute state and state rate. */
  async inspect(roomId: string): Promise<RoomInspection | undefined> {
    this.#usage.request();
    const run = this.#runner.room(roomId);
    if (!run) return undefined;
    const joined = this.#sockets.joined();
    return inspectRoom(this.#info(run), run, joined, this.#sockets.size, this.#mutes);
  }

  /** RPC: the room's own figures (tick durations, traffic, players); undefined for no room. */
  async stats(roomId: string): Promise<RoomStatsReport | undefined> {
    this.#usage.request();
    const run = this.#runner.room(roomId);
    if (!run) return undefined;
    return roomStats(run.roomId, this.#config!, run.core, Date.now());
  }

  /** RPC: a zone's figures (room-zone.ts); undefined for a room that is no zone. */
  async zoneFigures(roomId: string): Promise<ZoneFigures | undefined> {
    this.#usage.request();
    return this.#runner.room(roomId)?.zone?.figures();
  }

  /** RPC from a neighbouring zone of the same world: its messages (room-zone.ts). */
  async zoneDeliver(roomId: string, batch: LinkBatch): Promise<void> {
    this.#usage.request();
    const zone = this.#runner.room(roomId)?.zone;
    if (!zone) throw new Error(`room ${roomId} is not a zone`);
    zone.deliver(batch, Date.now(), (work) => this.ctx.waitUntil(work));
  }

  protected override onGone(_ws: WebSocket, a: SocketAttachment | null, code: number): void {
    if (!a) return;
    this.#sockets.gone(a, code, this.#runner.room(a.roomId));
  }

  protected override async onAlarm(name: string): Promise<void> {
    // An alarm is billed as a request (the grace watch runs every 30 s while the room ticks).
    this.#usage.request();
    if (name === NO_SHOW_ALARM) return this.#closeIfUnclaimed();
    if (name === GRACE_ALARM) return this.#runner.graceDue(this.ctx.id.name ?? this.#run?.roomId);
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
