// What a room's connections send, the counterpart of room-outbox.ts. Every frame counts against
// the link's message rate; a text, oversized or malformed frame closes only its connection. A
// HELLO goes to the handshake (room-handshake.ts); the rest, PING too, needs an accepted one:
// INPUT fills the player's queue, PING is answered, RATE caps the player's state rate, VOICE
// goes to the voice relay, and in a game with RPCs a CALL runs and is answered.

import {
  type ClientMessage,
  decodeClientMessage,
  NO_TICK_ACK,
} from "../protocol/client-messages.js";
import { CLOSE } from "../protocol/close-codes.js";
import { MAX_CLIENT_FRAME_BYTES } from "../protocol/limits.js";
import { CLIENT_OP } from "../protocol/opcodes.js";
import { RPC_OP, RPC_STATUS } from "../rpc/rpc-frames.js";
import type { RpcServer } from "../rpc/rpc-server.js";
import type { RpcDeclarations } from "../rpc/rpc-table.js";
import { NO_JOIN_CONTEXT, type RoomHandshake } from "./room-handshake.js";
import type { RoomParts } from "./room-parts.js";
import { type Connection, queueInputs } from "./room-player.js";

/** What the inbox acts on. */
export type InboxParts<Input> = Pick<
  RoomParts<Input>,
  "game" | "world" | "replication" | "rpc" | "fairPlay" | "outbox" | "rates" | "voice" | "close"
>;

/** Decodes and handles the frames of a room's connections. */
export class RoomInbox<Input> {
  readonly #room: InboxParts<Input>;
  readonly #handshake: RoomHandshake<Input>;

  constructor(room: InboxParts<Input>, handshake: RoomHandshake<Input>) {
    this.#room = room;
    this.#handshake = handshake;
  }

  /** A frame arrived on `c` at `now` (ms). */
  receive(c: Connection<Input>, data: Uint8Array | string, now: number): void {
    const { close, rpc } = this.#room;
    // A talking player sends 50 VOICE frames a second on top of its inputs: those count
    // against the voice relay's own frame rate (room-voice.ts), not the message rate.
    const voice = typeof data !== "string" && data[0] === CLIENT_OP.VOICE && c.player !== undefined;
    if (!voice && !c.limiter.take(now, c.heardStalledMs)) return close(c, CLOSE.RATE_LIMITED);
    if (typeof data === "string")
      return close(c, CLOSE.MALFORMED_FRAME, "text frames are not supported");
    if (data.length > MAX_CLIENT_FRAME_BYTES) return close(c, CLOSE.FRAME_TOO_LARGE);
    // Only a game with RPCs knows the CALL type; elsewhere it stays an unknown message.
    if (data[0] === RPC_OP.CALL && rpc) return this.#callRpc(c, rpc, data, now);
    const decoded = decodeClientMessage(data, this.#room.game.input.bytes);
    if (!decoded.ok) return close(c, CLOSE.MALFORMED_FRAME, decoded.error);
    this.#handle(c, decoded.value, now);
  }

  #handle(c: Connection<Input>, msg: ClientMessage, now: number): void {
    const { close } = this.#room;
    switch (msg.type) {
      case "hello":
        return this.#handshake.hello(c, msg, NO_JOIN_CONTEXT, now);
      case "input": {
        if (!c.player) {
          const detail = c.spectator ? "spectators send no input" : "input before hello";
          return close(c, CLOSE.UNEXPECTED_MESSAGE, detail);
        }
        const { game, replication, fairPlay } = this.#room;
        const player = c.player;
        // The ack feeds the baseline ring; a tick the room never sent is ignored there (and
        // told to the clock detector).
        if (msg.ackTick !== NO_TICK_ACK) {
          replication.acknowledge(player.replica, msg.ackTick);
          // How far the client reads, even past the ring: a late reader is still reading.
          if (msg.ackTick > player.readTick && msg.ackTick <= player.replica.lastSentTick)
            player.readTick = msg.ackTick;
          fairPlay?.acknowledged(player.id, msg.ackTick, replication.tick, now);
        }
        const { firstSeq, count, inputs } = msg;
        const check = fairPlay && {
          validate: (input: Input) => fairPlay.validate(input),
          idleInput: game.idleInput,
          refused: (reason: string) => fairPlay.refusedInput(player.id, reason, now),
        };
        const queued = queueInputs(player, game.input, firstSeq, count, inputs, check ?? undefined);
        if (queued.added > 0) fairPlay?.inputs(player.id, queued.added, now);
        if (queued.undecodable >= 0)
          close(c, CLOSE.INVALID_INPUT, `input ${firstSeq + queued.undecodable} refused`);
        return;
      }
      case "ping":
        // A socket earns its answers with a HELLO: pings from one that never says who it is
        // would let a crowd of anonymous sockets keep the room busy (issue 19's flood).
        if (!c.player && !c.spectator)
          return close(c, CLOSE.UNEXPECTED_MESSAGE, "ping before hello");
        return this.#room.outbox.pong(c.id, msg.clientTime, now);
      case "rate":
        // A spectator's stream is the same for all: no rate of its own.
        if (c.spectator) return;
        if (!c.player) return close(c, CLOSE.UNEXPECTED_MESSAGE, "rate before hello");
        return this.#room.rates.setClientCap(c.player, msg.bytesPerSecond);
      case "voice": {
        if (!c.player) {
          const detail = c.spectator ? "spectators send no voice" : "voice before hello";
          return close(c, CLOSE.UNEXPECTED_MESSAGE, detail);
        }
        const voice = this.#room.voice;
        if (!voice) return close(c, CLOSE.UNEXPECTED_MESSAGE, "this game has no voice");
        return voice.receive(c, msg, now);
      }
    }
  }

  /** Runs a player's RPC CALL and answers the caller; a bad call never closes the link. */
  #callRpc(
    c: Connection<Input>,
    rpc: RpcServer<RpcDeclarations>,
    data: Uint8Array,
    now: number,
  ): void {
    if (!c.player) {
      const detail = c.spectator ? "spectators make no calls" : "rpc before hello";
      return this.#room.close(c, CLOSE.UNEXPECTED_MESSAGE, detail);
    }
    const id = c.player.id;
    let status: number = RPC_STATUS.OK;
    this.#room.outbox.send(c.id, (w) => {
      status = rpc.receive(id, data, now, this.#room.world, w);
    });
    // Calls refused again and again (rate, arguments, unknown RPCs) are the rpcSpam detector's.
    this.#room.fairPlay?.callAnswered(id, status, now);
  }
}
