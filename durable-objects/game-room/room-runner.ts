// A GameRoom's run (room-run.ts), built on first use from the room's stored configuration and
// the snapshot a restart left, and wired to the object: the core's sink on the room's sockets
// (room-host-sink.ts, room-sockets.ts), admission's verdicts (hello-verdict.ts), the timers of
// a ticking room (room-ticking.ts), its audit records (room-records.ts), replay storage
// (room-replays.ts) and the grace alarm (room-grace.ts).

import type { DurableObjectsEnv } from "../../server/env.js";
import type { RegisteredGame } from "../../server/games/game-registry.js";
import type { RoomConfig } from "../../server/placement/room-config.js";
import type { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import { resolveRoomOptions } from "../../shared/room/room-options.js";
import type { RoomSink } from "../../shared/room/room-sink.js";
import type { RoomSnapshot } from "../../shared/room/room-snapshot.js";
import { helloVerdict } from "./hello-verdict.js";
import type { RoomConfigStore } from "./room-config-store.js";
import { expireUnresumed, GRACE_ALARM, graceAlarmAt } from "./room-grace.js";
import { roomHostSink } from "./room-host-sink.js";
import type { RoomMutes } from "./room-mutes.js";
import { loadRoomSnapshot } from "./room-persistence.js";
import { RoomRecords } from "./room-records.js";
import { type ReplayStorageHost, RoomReplays, recoverReplays } from "./room-replays.js";
import { buildRoomRun, type RoomRun } from "./room-run.js";
import type { RoomSockets, SocketAttachment } from "./room-sockets.js";
import { RoomTicking } from "./room-ticking.js";
import type { RoomUsage } from "./room-usage.js";

/** What the runner needs of its GameRoom. */
export interface RoomRunnerHost {
  readonly env: DurableObjectsEnv;
  readonly ctx: DurableObjectState;
  readonly documents: DocumentSchemas;
  /** The object's metered D1 and storage (room-usage.ts). */
  readonly db: D1Database;
  readonly storage: DurableObjectStorage;
  readonly usage: RoomUsage;
  readonly setup: RoomConfigStore;
  readonly sockets: RoomSockets;
  /** The accounts muted in the room (room-mutes.ts), once read. */
  mutes(): RoomMutes | undefined;
  /** The object's named alarms (SocketHost). */
  setNamedAlarm(name: string, at: number): Promise<void>;
  clearNamedAlarm(name: string): Promise<void>;
}

/** Builds a GameRoom's run on first use and wires it to the object. */
export class RoomRunner {
  readonly #host: RoomRunnerHost;
  readonly #ticking: RoomTicking;
  readonly #records: RoomRecords;
  #run: RoomRun | undefined;
  /** The stored snapshot read at start-up, used once to build the core. */
  #saved: RoomSnapshot | undefined;

  constructor(host: RoomRunnerHost) {
    this.#host = host;
    const waitUntil = (work: Promise<unknown>) => host.ctx.waitUntil(work);
    this.#records = new RoomRecords({ db: host.db, names: () => this.#names(), waitUntil });
    this.#ticking = new RoomTicking({
      usage: host.usage,
      waitUntil,
      armGraceAlarm: () => this.armGraceAlarm(),
    });
  }

  /** The room's run; undefined until it is built (or after the room closed). */
  get run(): RoomRun | undefined {
    return this.#run;
  }

  /**
   * Start-up of an object whose stored configuration names `game`: the room continues from
   * its snapshot, a recording an earlier run of the object left unfinished gets its manifest
   * and row, and the sockets that survived the restart (eviction, code update) are
   * re-attached to the room, built for them.
   */
  async restart(
    game: RegisteredGame,
    config: RoomConfig,
    sockets: () => Iterable<[WebSocket, SocketAttachment]>,
  ): Promise<void> {
    const { ctx } = this.#host;
    this.#saved = await loadRoomSnapshot(ctx.storage, game.definition);
    const replayHost = this.#replayHost();
    if (replayHost) await recoverReplays(replayHost);
    const now = Date.now();
    // A socket the room closed whose peer never answered is not brought back (not listed).
    for (const [ws, a] of sockets())
      this.#host.sockets.restore(ws, a, this.room(a.roomId)!, config, now);
  }

  /** The room's core and adapters, built on first use; undefined for an unserved room. */
  room(roomId: string): RoomRun | undefined {
    if (this.#run) return this.#run;
    const host = this.#host;
    const { setup, sockets } = host;
    const game = setup.game;
    if (!game || !setup.config) return undefined;
    // After an eviction or a deploy the room continues from its last snapshot.
    const saved = this.#saved && { snapshot: this.#saved, now: Date.now() };
    this.#saved = undefined;
    const replays = this.#replays(roomId, game);
    const run = buildRoomRun({
      env: host.env,
      roomId,
      game,
      config: () => setup.config!,
      saved,
      sink: this.#sink(replays),
      replays,
      db: host.db,
      storage: host.storage,
      kv: host.ctx.storage.kv,
      documents: host.documents,
      playerData: () => this.#run?.playerData,
      admission: {
        check: (hello) => helloVerdict(host.env, roomId, hello, setup.config, this.#run),
        admit: (conn, hello, identity) => {
          const run = this.#run!;
          if (sockets.admit(run, setup.config!, conn, hello, identity))
            this.#ticking.seated(run.core.playerCount);
        },
        refuse: (conn, code, detail) => sockets.refuse(conn, code, detail),
      },
    });
    host.mutes()?.applyTo(run.core);
    host.usage.watch(run.core);
    this.#run = run;
    run.zone?.restoreDocuments();
    // Its players wait for a resume: removed at the end of their grace if nobody connects.
    if (saved) void this.armGraceAlarm();
    return run;
  }

  /** The room closed for good (room-no-show.ts): its run is let go. */
  drop(): void {
    this.#run = undefined;
  }

  /** Arms (or clears) the grace alarm for the room as it is now (room-grace.ts). */
  armGraceAlarm(): Promise<void> {
    const at = this.#run && graceAlarmAt(this.#run, Date.now());
    return at === undefined
      ? this.#host.clearNamedAlarm(GRACE_ALARM)
      : this.#host.setNamedAlarm(GRACE_ALARM, at);
  }

  /**
   * The grace alarm is due for room `roomId`: the players nobody resumed leave, and the
   * alarm is armed again. The room is built if it was not: after a restart this is what
   * restores a zone nobody came back to.
   */
  async graceDue(roomId: string | undefined): Promise<void> {
    const run = roomId === undefined ? undefined : this.room(roomId);
    if (!run) return;
    await expireUnresumed(run, Date.now());
    await this.armGraceAlarm();
  }

  /** Replay storage for room `roomId`, when the deployment binds a REPLAYS bucket. */
  #replays(roomId: string, game: RegisteredGame): RoomReplays | undefined {
    const replayHost = this.#replayHost();
    if (!replayHost && resolveRoomOptions(game.definition.roomOptions).record)
      console.warn(`room ${roomId}: ${game.name} records, but no REPLAYS bucket is bound`);
    const { setup } = this.#host;
    return (
      replayHost &&
      new RoomReplays(replayHost, () => ({
        roomId,
        game: game.name,
        mode: setup.config!.mode ?? game.name,
        region: setup.config!.region ?? null,
        access: setup.config!.access,
      }))
    );
  }

  /** What replay storage needs of the platform; undefined without a REPLAYS bucket. */
  #replayHost(): ReplayStorageHost | undefined {
    const { env, ctx, db, storage } = this.#host;
    const bucket = env.REPLAYS;
    if (!bucket) return undefined;
    return {
      bucket,
      db,
      storage,
      waitUntil: (work) => ctx.waitUntil(work),
      random: (bytes) => crypto.getRandomValues(bytes),
      now: Date.now,
    };
  }

  /** The core's outputs (room-host-sink.ts); with `replays`, the room stores what it records. */
  #sink(replays: RoomReplays | undefined): RoomSink {
    const { sockets, ctx, db } = this.#host;
    return roomHostSink(
      {
        socket: (conn) => sockets.get(conn),
        closed: (conn, code, reason) =>
          sockets.closedByCore(conn, code, reason, () => this.#records.violations),
        setTicking: (on) => this.#ticking.set(this.#run!, on),
        fairPlay: (verdict) => this.#records.fairPlay.verdict(verdict, Date.now()),
        manifest: () => this.#run?.core.replayManifest(),
        db,
        names: () => this.#names(),
        waitUntil: (work) => ctx.waitUntil(work),
      },
      replays,
    );
  }

  /** The room's id and game now, for its logs and records. */
  #names(): { roomId: string; game: string | undefined } {
    const { ctx, setup } = this.#host;
    return { roomId: this.#run?.roomId ?? ctx.id.toString(), game: setup.game?.name };
  }
}
