// How a bench room seats someone: a connection opened on the room core, then a real HELLO
// (encodeHello) received on it, as a client's first frame. Every bench room and its tests
// seat their players and spectators this way before the first tick.
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import { encodeHello, type HelloRole } from "../../shared/protocol/index.js";
import type { ConnectionId, RoomCore } from "../../shared/room/index.js";

/** What a HELLO names of the game: its name and its schema's fingerprint. */
export type HelloGame = Pick<GameDefinition<unknown>, "name" | "schema">;

/** Reused from HELLO to HELLO: the room reads a frame inside `receive`. */
const hello = new ByteWriter();

/**
 * Opens `conn` on `room` at `now` and sends its HELLO for `game` with the player name `name`,
 * as `role` (a player unless given), no token. Whether the room admitted it is the caller's
 * to check (`room.playerOf(conn)`, `room.playerCount`).
 */
export function sayHello<Input>(
  room: RoomCore<Input>,
  game: HelloGame,
  conn: ConnectionId,
  name: string,
  now: number,
  role?: HelloRole,
): void {
  room.open(conn, now);
  hello.reset();
  const { fingerprint } = game.schema;
  encodeHello(hello, { game: game.name, schema: fingerprint, name, token: "", role });
  room.receive(conn, hello.view(), now);
}
