// The room's two delivery modes over one socket. Reliable frames (snapshots, control messages,
// reliable RPC events and results) are always written, in order. Unreliable RPC events are
// held, the latest per RPC, while a link holds more than `backpressureBytes` unsent
// (unreliable-lane.ts), and go out once it drains. A link whose backlog passes
// `maxBacklogBytes` is not keeping up at all: it is found after the tick's sends, for the room
// to close it (4301).

import type { RpcTarget } from "../rpc/rpc-server.js";
import type { RpcEntry } from "../rpc/rpc-table.js";
import type { RoomInterest } from "./room-interest.js";
import type { ResolvedRoomOptions } from "./room-options.js";
import type { Connection } from "./room-player.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";
import { rpcTargetIncludes } from "./rpc-target.js";
import { UnreliableLane } from "./unreliable-lane.js";

/** A connection over the backlog limit and the bytes its socket holds unsent. */
export type Backlogged<Input> = [connection: Connection<Input>, bytes: number];

/** Delivers RPC events to a room's connections and watches their backlogs. */
export class RoomDelivery<Input> {
  readonly #sink: RoomSink;
  readonly #conns: ReadonlyMap<ConnectionId, Connection<Input>>;
  readonly #interest: RoomInterest | null;
  readonly #maxBacklogBytes: number;
  /** Unreliable events held for backed-up connections. */
  readonly #unreliable: UnreliableLane;

  constructor(
    sink: RoomSink,
    conns: ReadonlyMap<ConnectionId, Connection<Input>>,
    interest: RoomInterest | null,
    options: Pick<ResolvedRoomOptions, "backpressureBytes" | "maxBacklogBytes">,
  ) {
    this.#sink = sink;
    this.#conns = conns;
    this.#interest = interest;
    this.#maxBacklogBytes = options.maxBacklogBytes;
    this.#unreliable = new UnreliableLane(sink, options.backpressureBytes);
  }

  /**
   * Sends an encoded RPC EVENT to the connected players of `target`: reliable ones straight
   * to the socket, in order; unreliable ones through the lane that holds them while a
   * recipient's link is backed up.
   */
  event(target: RpcTarget, frame: Uint8Array, rpc: RpcEntry): void {
    const rules = this.#interest?.rules;
    const unreliable = rpc.declaration.delivery === "unreliable";
    for (const c of this.#conns.values()) {
      const p = c.player;
      if (!p || !rpcTargetIncludes(target, p.id, p.visible, rules)) continue;
      if (unreliable) this.#unreliable.send(c.id, rpc.id, frame);
      else this.#sink.send(c.id, frame);
    }
  }

  /**
   * After the tick's sends, never inside a send loop: writes the held unreliable events of
   * the connections that drained below `backpressureBytes` and returns those whose socket
   * holds more than `maxBacklogBytes` unsent (undefined: none), for the room to close.
   */
  checkBacklogs(): Backlogged<Input>[] | undefined {
    const sink = this.#sink;
    if (sink.buffered === undefined) return undefined;
    const limit = this.#maxBacklogBytes;
    let over: Backlogged<Input>[] | undefined;
    for (const c of this.#conns.values()) {
      const bytes = sink.buffered(c.id);
      if (bytes <= limit) this.#unreliable.drain(c.id);
      else if (over) over.push([c, bytes]);
      else over = [[c, bytes]];
    }
    return over;
  }

  /** Drops what is held for a connection that closed. */
  forget(conn: ConnectionId): void {
    this.#unreliable.forget(conn);
  }
}
