// The unreliable delivery lane of server-to-client RPC EVENTs. While a connection's socket
// holds more than the backpressure threshold unsent, its unreliable events are not written
// (they would only queue behind the backlog and arrive stale): each is held, at most one per
// (connection, RPC), a newer one replacing the older, and the survivors go out in emit order
// once the socket drains. A frame is held only while nothing newer of its RPC was written,
// and writing a newer one drops the held one, so a client never gets an older unreliable
// event of an RPC after a newer one. Reliable frames do not pass through here.

import type { ConnectionId, RoomSink } from "./room-sink.js";

/**
 * @example
 * const lane = new UnreliableLane(sink, 64 * 1024);
 * lane.send(conn, rpcId, frame); // written now, or held while conn is backed up
 * lane.drain(conn);              // each tick: held frames go out once conn drained
 */
export class UnreliableLane {
  readonly #sink: RoomSink;
  readonly #threshold: number;
  /** Held frames per connection, by rpc id, in emit order (Map order: latest emit last). */
  readonly #held = new Map<ConnectionId, Map<number, Uint8Array>>();

  /** `threshold`: bytes unsent above which a connection counts as backed up. */
  constructor(sink: RoomSink, threshold: number) {
    this.#sink = sink;
    this.#threshold = threshold;
  }

  /**
   * Writes `frame` (an EVENT of RPC `rpcId`; a view valid only during the call) to `conn`,
   * after the connection's older held frames; or holds a copy of it, replacing the held one
   * of the same RPC, while `conn` is backed up.
   */
  send(conn: ConnectionId, rpcId: number, frame: Uint8Array): void {
    const held = this.#held.get(conn);
    if (this.#backedUp(conn)) return this.#hold(conn, held, rpcId, frame);
    if (held !== undefined && held.size > 0) {
      // The held frame of this RPC is superseded by `frame`: merged away, not sent.
      held.delete(rpcId);
      this.#flush(conn, held);
    }
    this.#sink.send(conn, frame);
  }

  /** Writes `conn`'s held frames, in emit order, unless it is still backed up. */
  drain(conn: ConnectionId): void {
    const held = this.#held.get(conn);
    if (held === undefined || held.size === 0 || this.#backedUp(conn)) return;
    this.#flush(conn, held);
  }

  /** Frames held for `conn` (0 when none). */
  heldFor(conn: ConnectionId): number {
    return this.#held.get(conn)?.size ?? 0;
  }

  /** Drops what is held for a connection that closed. */
  forget(conn: ConnectionId): void {
    this.#held.delete(conn);
  }

  #backedUp(conn: ConnectionId): boolean {
    return (this.#sink.buffered?.(conn) ?? 0) > this.#threshold;
  }

  #hold(
    conn: ConnectionId,
    held: Map<number, Uint8Array> | undefined,
    rpcId: number,
    frame: Uint8Array,
  ): void {
    let lane = held;
    if (lane === undefined) {
      lane = new Map();
      this.#held.set(conn, lane);
    }
    // Deleted first so the newer frame moves to the end: a flush keeps the emit order.
    lane.delete(rpcId);
    // A copy: `frame` may be a view into a buffer the room reuses for the next frame.
    lane.set(rpcId, frame.slice());
  }

  #flush(conn: ConnectionId, held: Map<number, Uint8Array>): void {
    for (const f of held.values()) this.#sink.send(conn, f);
    held.clear();
  }
}
