// What a room sends beyond its players: the broadcast stream, its spectators and its replay
// recorder, behind one seam for the room core. The stream runs while someone watches or the
// room records, and only then costs an encode per tick.

import type { ReplayManifest } from "../replay/replay-manifest.js";
import type { ReplicationServer } from "../replication/replication-server.js";
import type { RpcTarget } from "../rpc/rpc-server.js";
import { BroadcastStream } from "./broadcast-stream.js";
import type { ResolvedRoomOptions } from "./room-options.js";
import type { RoomOutbox } from "./room-outbox.js";
import { RoomRecorder } from "./room-recorder.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";
import { RoomSpectators } from "./room-spectators.js";

/** The room and game a broadcast describes. */
export interface BroadcastIdentity {
  readonly roomId: string;
  readonly game: string;
  readonly schema: number;
}

/** Ticks of delay for `delayMs` at `tickRate`: rounded up, so never less than asked. */
export function delayTicks(delayMs: number, tickRate: number): number {
  // Integer ms × integer Hz: exact multiples of 1000 divide exactly, so no float noise.
  return Math.ceil((delayMs * tickRate) / 1000);
}

/** A room's broadcast stream, spectators and recorder. */
export class RoomBroadcast {
  readonly #replication: ReplicationServer;
  readonly #sink: RoomSink;
  readonly #stream: BroadcastStream;
  readonly #spectators: RoomSpectators;
  /** Set when the room records and its host stores chunks (RoomSink.recordChunk). */
  readonly #recorder: RoomRecorder | null;

  constructor(
    replication: ReplicationServer,
    sink: RoomSink,
    outbox: RoomOutbox,
    options: ResolvedRoomOptions,
    identity: BroadcastIdentity,
  ) {
    this.#replication = replication;
    this.#sink = sink;
    const { tickRate, keyframeTicks, maxSpectators } = options;
    const delay = delayTicks(options.spectatorDelayMs, tickRate);
    // Enough ticks for a spectator's delay and the keyframe before it.
    this.#stream = new BroadcastStream(replication, keyframeTicks, delay + keyframeTicks + 2);
    this.#spectators = new RoomSpectators(sink, outbox, this.#stream, {
      roomId: identity.roomId,
      tickRate,
      maxSpectators,
      delayTicks: delay,
      keyframeTicks,
    });
    const store = sink.recordChunk?.bind(sink);
    this.#recorder =
      options.record && store
        ? new RoomRecorder(
            { ...identity, tickRate, keyframeTicks, chunkTicks: options.chunkSeconds * tickRate },
            store,
          )
        : null;
    if (this.#recorder) this.#stream.start();
  }

  /** Spectators connected now. */
  get spectatorCount(): number {
    return this.#spectators.count;
  }

  /** True when the room records a replay. */
  get recording(): boolean {
    return this.#recorder !== null;
  }

  /** Stream updates written so far (one a tick while running, two on keyframe ticks). */
  get encodes(): number {
    return this.#stream.encodes;
  }

  /** True when the spectator places are all taken. */
  get full(): boolean {
    return this.#spectators.full;
  }

  /** An RPC EVENT the room sent to `target`; public ones enter the stream. */
  event(target: RpcTarget, frame: Uint8Array): void {
    this.#stream.event(target, frame);
  }

  /** Admits a spectator (the caller checked `full`); see RoomSpectators.admit. */
  admit(conn: ConnectionId, now: number, welcome: boolean): void {
    this.#spectators.admit(conn, this.#replication.tick + 1, now, welcome);
    this.#stream.start();
  }

  /** A spectator's connection went. */
  remove(conn: ConnectionId): void {
    this.#spectators.remove(conn);
    if (this.#spectators.count === 0 && this.#recorder === null) this.#stream.stop();
  }

  /** A player joined while the room records. */
  addPlayer(playerId: number, name: string, accountId: string | undefined): void {
    this.#recorder?.addPlayer(playerId, name, accountId);
  }

  /** After each committed tick (`now`: the host's clock, ms). */
  afterTick(now: number): void {
    if (!this.#stream.running) return;
    const t = this.#stream.commit(this.#recorder?.wantsKey ?? false);
    this.#recorder?.record(t, now);
    this.#spectators.deliver(t.tick);
  }

  /**
   * Hands the open chunk to the host and returns the manifest of everything recorded so far
   * (undefined: not recording, or nothing yet). The next tick starts a chunk with a keyframe.
   */
  replayManifest(): ReplayManifest | undefined {
    this.#recorder?.flush();
    return this.#recorder?.manifest();
  }

  /** The room stopped ticking: the open chunk and the manifest go to the host. */
  idle(): void {
    const manifest = this.replayManifest();
    if (manifest) this.#sink.recordManifest?.(manifest);
  }
}
