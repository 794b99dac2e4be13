// A room's spectators: admitted up to `maxSpectators` (apart from the player seats), welcomed
// with SPECTATOR_WELCOME, and fed the broadcast stream `delayTicks` behind the live room. A
// new spectator starts at the latest keyframe at or before (tick − delay) and gets every
// delta after it up to there; from then on one tick per tick. Every spectator following the
// stream gets the same frame objects: N spectators cost one encode and N socket writes.

import { PROTOCOL_VERSION } from "../protocol/limits.js";
import type { BroadcastStream, StreamTick } from "./broadcast-stream.js";
import type { RoomOutbox } from "./room-outbox.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";

/** What the room knows of one spectator's connection. */
export interface SpectatorLink {
  readonly conn: ConnectionId;
  /** The next stream tick it needs (−1: it waits for a keyframe to start from). */
  nextTick: number;
}

/** The settings spectators are served with. */
export interface SpectatorSettings {
  readonly roomId: string;
  readonly tickRate: number;
  readonly maxSpectators: number;
  /** How far behind the live room spectators run, in ticks. */
  readonly delayTicks: number;
  readonly keyframeTicks: number;
}

/** Admits spectators and delivers them the delayed broadcast stream. */
export class RoomSpectators {
  readonly #sink: RoomSink;
  readonly #outbox: RoomOutbox;
  readonly #stream: BroadcastStream;
  readonly #settings: SpectatorSettings;
  readonly #links = new Map<ConnectionId, SpectatorLink>();

  constructor(
    sink: RoomSink,
    outbox: RoomOutbox,
    stream: BroadcastStream,
    settings: SpectatorSettings,
  ) {
    this.#sink = sink;
    this.#outbox = outbox;
    this.#stream = stream;
    this.#settings = settings;
  }

  /** Spectators connected now. */
  get count(): number {
    return this.#links.size;
  }

  /** True when no one more may watch. */
  get full(): boolean {
    return this.#links.size >= this.#settings.maxSpectators;
  }

  /**
   * Admits `conn` (the caller checked `full`); with `welcome`, sends SPECTATOR_WELCOME
   * (`tick`: the room's next tick; `now`: the server time, ms). A host re-attaching a
   * spectator's socket after a restart passes `welcome` false: the stream restarts from a
   * keyframe, which the client's mirror accepts as newer.
   */
  admit(conn: ConnectionId, tick: number, now: number, welcome: boolean): SpectatorLink {
    const link: SpectatorLink = { conn, nextTick: -1 };
    this.#links.set(conn, link);
    if (!welcome) return link;
    const { roomId, tickRate, delayTicks, keyframeTicks } = this.#settings;
    this.#outbox.spectatorWelcome(conn, {
      version: PROTOCOL_VERSION,
      tickRate,
      tick,
      serverTime: now,
      roomId,
      delayTicks,
      keyframeTicks,
    });
    return link;
  }

  /** A spectator's connection went. */
  remove(conn: ConnectionId): void {
    this.#links.delete(conn);
  }

  /**
   * After stream tick `tick` was committed: each spectator gets every stream tick up to
   * `tick − delayTicks` it has not had, starting from a keyframe. Never anything later.
   */
  deliver(tick: number): void {
    const visible = tick - this.#settings.delayTicks;
    if (visible < 0) return;
    for (const link of this.#links.values()) {
      if (link.nextTick < 0) this.#start(link, visible);
      while (link.nextTick >= 0 && link.nextTick <= visible) {
        const t = this.#stream.at(link.nextTick);
        // Out of the ring (cannot happen while the ring covers delay + keyframe): start over.
        if (t === undefined) link.nextTick = -1;
        else {
          this.#send(link.conn, t.frame, t);
          link.nextTick++;
        }
      }
    }
  }

  /** Sends the latest keyframe at or before `visible`, if there is one yet. */
  #start(link: SpectatorLink, visible: number): void {
    const key = this.#stream.keyAtOrBefore(visible);
    if (key === undefined) return;
    this.#send(link.conn, key.key!, key);
    link.nextTick = key.tick + 1;
  }

  /** A tick's state frame, then its events. */
  #send(conn: ConnectionId, frame: Uint8Array, t: StreamTick): void {
    this.#sink.send(conn, frame);
    for (const e of t.events) this.#sink.send(conn, e);
  }
}
