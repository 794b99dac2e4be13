// A RoomCore served over Transports on a manual clock, as a listen host serves its room:
// every accepted transport is one connection; frames go out on the channel the room picks.
// The clock is the test's (`update(now)`); delivery is the transports' business (microtasks
// for a loopback pair, `poll` for a simulated one). Tests use it; nothing in production does.

import type { Transport } from "../../../client/src/transport/transport.js";
import type { GameDefinition } from "../../../shared/game/game-definition.js";
import type { Channel } from "../../../shared/protocol/channel.js";
import { CLOSE } from "../../../shared/protocol/close-codes.js";
import { RoomCore } from "../../../shared/room/room-core.js";
import type { RoomOptions } from "../../../shared/room/room-options.js";
import type { ConnectionId, RoomSink } from "../../../shared/room/room-sink.js";

/** Runs a room for the transports it accepts. */
export class TransportRoomHost<Input> implements RoomSink {
  readonly room: RoomCore<Input>;
  /** Frames the room sent, per channel. */
  readonly sentOn: Record<Channel, number> = { reliable: 0, unreliable: 0 };
  /** The closes the room made, by connection. */
  readonly closes = new Map<ConnectionId, { code: number; reason: string }>();
  now = 1_000;
  readonly #links = new Map<ConnectionId, Transport>();
  #next = 0;

  constructor(game: GameDefinition<Input>, options: RoomOptions = {}, roomId = "transport-room") {
    this.room = new RoomCore(game, roomId, this, options);
  }

  /** Serves `t` as a new connection of the room; returns its id. */
  accept(t: Transport): ConnectionId {
    const id = `c${this.#next++}`;
    this.#links.set(id, t);
    const open = () => this.room.open(id, this.now);
    if (t.state === "open") open();
    else t.onopen = open;
    t.onmessage = (bytes) => this.room.receive(id, bytes, this.now);
    // A goodbye (1000) removes the player at once; anything else is a dropped link.
    t.onclose = (code) => {
      this.#links.delete(id);
      this.room.disconnect(id, this.now, code !== CLOSE.NORMAL.code);
    };
    return id;
  }

  /** Advances the clock to `now` and runs the room's due ticks. */
  update(now: number): void {
    this.now = now;
    this.room.update(now);
  }

  send(conn: ConnectionId, bytes: Uint8Array, channel: Channel = "reliable"): void {
    this.sentOn[channel]++;
    this.#links.get(conn)?.send(bytes, channel);
  }

  close(conn: ConnectionId, code: number, reason: string): void {
    this.closes.set(conn, { code, reason });
    const t = this.#links.get(conn);
    this.#links.delete(conn);
    if (!t) return;
    t.onclose = null;
    t.close(code, reason);
  }

  setTicking(): void {}

  buffered(conn: ConnectionId): number {
    return this.#links.get(conn)?.bufferedAmount ?? 0;
  }
}
