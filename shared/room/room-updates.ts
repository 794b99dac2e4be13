// Each tick's SNAPSHOT for each connected player, once the tick is committed: its view refilled
// (the room's spatial interest, then the game's own rule), its state rate adapted to how its
// link keeps up (room-rates.ts), its update written from the tick's shared encoding, and the
// header giving its client the input timing its clock steers by; sent on the room's
// `snapshotChannel`.

import type { GameDefinition } from "../game/game-definition.js";
import type { Channel } from "../protocol/channel.js";
import { writeSnapshotHeader } from "../protocol/server-messages.js";
import type { ReplicationServer } from "../replication/replication-server.js";
import { EntitySet } from "../world/entity-set.js";
import type { World } from "../world/world.js";
import type { RoomInterest } from "./room-interest.js";
import { inputTiming, type Player } from "./room-player.js";
import type { RoomRates } from "./room-rates.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";

/** Writes and sends the players' SNAPSHOTs of a room. */
export class RoomUpdates<Input> {
  readonly #game: GameDefinition<Input>;
  readonly #world: World;
  readonly #interest: RoomInterest | null;
  readonly #replication: ReplicationServer;
  readonly #rates: RoomRates;
  readonly #sink: RoomSink;
  readonly #channel: Channel;

  constructor(
    game: GameDefinition<Input>,
    interest: RoomInterest | null,
    replication: ReplicationServer,
    rates: RoomRates,
    sink: RoomSink,
    channel: Channel,
  ) {
    this.#game = game;
    this.#world = replication.world;
    this.#interest = interest;
    this.#replication = replication;
    this.#rates = rates;
    this.#sink = sink;
    this.#channel = channel;
  }

  /** A view for a new player when interest decides what it holds, else null (everything). */
  newView(): EntitySet | null {
    return this.#game.interest || this.#interest ? new EntitySet(this.#world.capacity) : null;
  }

  /** Sends `p` its update of the tick just committed, on `conn`. */
  send(conn: ConnectionId, p: Player<Input>): void {
    if (p.visible) {
      p.visible.clear();
      this.#interest?.fill(p.id, p.visible);
      this.#game.interest?.(this.#world, p.id, p.visible);
    }
    this.#rates.observe(p, this.#sink.buffered?.(conn) ?? 0);
    const frame = this.#replication.writeUpdate(
      p.replica,
      p.visible,
      this.#interest?.priorityFactor,
    );
    // `| 0`, the same 32 bits on the wire: ackSeq is a u32 (NO_INPUT_ACK, 2³² − 1, until the
    // first input), and a double that large is boxed on the heap for every call V8 does not
    // inline, once per player per tick (~1 KB a tick in the replication bench's scene B).
    writeSnapshotHeader(frame, p.ackSeq | 0, inputTiming(p));
    this.#sink.send(conn, frame, this.#channel);
  }
}
