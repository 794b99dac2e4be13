// Valid frames of the room protocol for the fuzzers to mutate: every client message type,
// and what a room sends two players and a spectator over a short game.
import { ARENA_BUTTON, arenaGame } from "../../games/arena/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import {
  encodeHello,
  encodeInputHeader,
  encodePing,
  encodeRate,
  NO_TICK_ACK,
} from "../../shared/protocol/client-messages.js";
import { RpcClient } from "../../shared/rpc/rpc-client.js";
import { TestRoomHost } from "./room/test-room-host.js";

function frame(write: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter();
  write(w);
  return w.toBytes();
}

/** Valid client frames of every type: HELLO (player, spectator), INPUT, PING, RATE, CALL. */
export const CLIENT_SEEDS: Uint8Array[] = [
  frame((w) =>
    encodeHello(w, {
      game: "arena",
      schema: arenaGame.schema.fingerprint,
      name: "ada",
      token: "t".repeat(40),
      resume: "",
    }),
  ),
  frame((w) =>
    encodeHello(w, {
      game: "arena",
      schema: arenaGame.schema.fingerprint,
      name: "s",
      token: "t",
      role: "spectator",
    }),
  ),
  frame((w) => {
    encodeInputHeader(w, NO_TICK_ACK, 7, 3);
    w.u8(ARENA_BUTTON.THRUST).u8(ARENA_BUTTON.LEFT).u8(0);
  }),
  frame((w) => encodePing(w, 123_456)),
  frame((w) => encodeRate(w, 32_000)),
  frame((w) =>
    new RpcClient(arenaGame.rpc!.table as never).writeCall(
      "emote" as never,
      { kind: "wave" } as never,
      w,
    ),
  ),
  frame((w) =>
    new RpcClient(arenaGame.rpc!.table as never).writeCall(
      "mark" as never,
      { x: 10, y: 20 } as never,
      w,
    ),
  ),
];

/** Every frame a room sent two players and a spectator over 40 ticks of play. */
export function serverSeeds(): Uint8Array[] {
  const host = new TestRoomHost();
  host.join("a");
  host.join("b");
  host.spectate("s");
  for (let i = 0; i < 40; i++) {
    host.input("a", i, [ARENA_BUTTON.THRUST]);
    host.advance(1);
  }
  host.room.disconnect("b", host.now);
  host.advance(2);
  return [...host.sent.values()].flat().slice(0, 400);
}
