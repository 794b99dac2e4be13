// Whether a room's connections are alive, checked on every update: a socket that has not said
// HELLO within the handshake timeout, one silent for the idle timeout, and a player that
// stopped reading are closed. Silence is counted without the time the room itself stalled
// (RoomTick.stalledMs): frames an honest client sent while a flood or a slow tick froze the
// room are still queued, not missing, and are read after this check. A player whose frames
// still arrive but whose newest acknowledged update is an idle timeout's worth of ticks behind
// what was sent to it is not reading (its downlink is dead or it stopped reading): the byte
// backlog alone would take minutes to reach `maxBacklogBytes` on a quiet room, behind the
// kernel's socket buffers. Counted in ticks, so a stall of the room's own adds nothing.

import { CLOSE, type CloseCode } from "../protocol/close-codes.js";
import type { ResolvedRoomOptions } from "./room-options.js";
import type { Connection } from "./room-player.js";
import type { ConnectionId } from "./room-sink.js";
import type { RoomTick } from "./room-tick.js";

/** Closes a connection (RoomCore's close). */
export type CloseConnection<Input> = (
  c: Connection<Input>,
  code: CloseCode,
  detail?: string,
) => void;

/** The health check of one room's connections. */
export class ConnectionHealth<Input> {
  readonly #options: Readonly<ResolvedRoomOptions>;
  readonly #conns: ReadonlyMap<ConnectionId, Connection<Input>>;
  readonly #tick: RoomTick<Input>;
  readonly #close: CloseConnection<Input>;
  /** {@link check}'s time and stall for {@link #checkConnection}. */
  #checkNow = 0;
  #checkStalled = 0;

  constructor(
    options: Readonly<ResolvedRoomOptions>,
    conns: ReadonlyMap<ConnectionId, Connection<Input>>,
    tick: RoomTick<Input>,
    close: CloseConnection<Input>,
  ) {
    this.#options = options;
    this.#conns = conns;
    this.#tick = tick;
    this.#close = close;
  }

  /** A frame from `c` arrived at `now`: its silence starts again. */
  heard(c: Connection<Input>, now: number): void {
    c.lastHeard = now;
    c.heardStalledMs = this.#tick.stalledMs(now);
  }

  /** Closes the sockets silent too long, and the players that stopped reading, at `now`. */
  check(now: number): void {
    this.#checkNow = now;
    this.#checkStalled = this.#tick.stalledMs(now);
    // forEach with a callback made once: a for-of over the map allocates its iterator, and
    // this runs on every update. Closing deletes the connection being visited, which a Map's
    // forEach allows.
    this.#conns.forEach(this.#checkConnection);
  }

  readonly #checkConnection = (c: Connection<Input>): void => {
    const { handshakeTimeoutMs, idleTimeoutMs } = this.#options;
    const now = this.#checkNow;
    const stalled = this.#checkStalled;
    const waiting = now - c.openedAt - (stalled - c.openedStalledMs);
    const silent = now - c.lastHeard - (stalled - c.heardStalledMs);
    const p = c.player;
    // Before its first acknowledgement a client is not judged (it may send no INPUT yet).
    // Unread is what was sent up to when the client was last heard and not acknowledged by
    // then: a client that stops sending as well (frozen, or a link dead both ways) is the idle
    // check's, not a slow consumer (its last ack trails what it was sent, so counting the
    // ticks sent since took 4301 to the idle timeout ahead of the silence).
    const unreadMs =
      p && p.readTick >= 0
        ? (p.replica.lastSentTick - p.readTick) * this.#tick.intervalMs - silent
        : 0;
    if (!c.player && !c.spectator && waiting >= handshakeTimeoutMs)
      this.#close(c, CLOSE.HANDSHAKE_TIMEOUT);
    else if (silent >= idleTimeoutMs) this.#close(c, CLOSE.IDLE_TIMEOUT);
    else if (unreadMs >= idleTimeoutMs)
      this.#close(c, CLOSE.SLOW_CONSUMER, `no update acknowledged for ${Math.round(unreadMs)} ms`);
  };
}
