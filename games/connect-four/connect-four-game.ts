// Connect Four as a GameDefinition: a turn-based board game with no space to speak of. It
// proves the game boundary from the other side than the arena: no interest (every player
// holds the whole board), no prediction, no per-tick input; moves are RPCs and the step only
// times the pause between rounds. Seats follow the order of joining, a player who leaves for
// good forfeits the round, one whose link drops is waited for (the room's grace period).

import type { GameDefinition, InputCodec } from "@edgetick/game";
import { connectFourBot } from "./connect-four-bot.js";
import { connectFourRpc } from "./connect-four-rpc.js";
import { seatPlayer, spawnMatch, stepConnectFour, unseatPlayer } from "./connect-four-rules.js";
import { CONNECT_FOUR_SCHEMA, CONNECT_FOUR_TICK_RATE } from "./connect-four-state.js";

/**
 * A tick of Connect Four input: nothing (moves are the `drop` RPC). The room still runs every
 * game's input stream, so the codec is one reserved byte that must be 0.
 */
export type ConnectFourInput = null;

/** Connect Four inputs on the wire: one byte, 0; any other value is refused as implausible. */
export const CONNECT_FOUR_INPUT_CODEC: InputCodec<ConnectFourInput> = {
  bytes: 1,
  encode(_input, out, offset) {
    out[offset] = 0;
  },
  decode(bytes, offset) {
    return bytes[offset] === 0 ? null : undefined;
  },
};

/** The Connect Four game definition, shared by the room and clients. */
export const connectFourGame: GameDefinition<ConnectFourInput> = {
  name: "connect-four",
  input: CONNECT_FOUR_INPUT_CODEC,
  idleInput: null,
  schema: CONNECT_FOUR_SCHEMA,
  // Two seats. A player whose link drops keeps its seat (and the turn waits) for 20 s, enough
  // to reload a page; past that it has left, and forfeits. Every match is recorded: a board
  // game's replay is small and worth keeping (GET /v1/replays).
  roomOptions: {
    tickRate: CONNECT_FOUR_TICK_RATE,
    maxPlayers: 2,
    reconnectGraceMs: 20_000,
    record: true,
  },
  setup(world) {
    spawnMatch(world);
  },
  // Colours follow the order of joining, whatever team a matchmade room gives (a duel's two
  // teams are just its two sides).
  addPlayer(world, playerId) {
    seatPlayer(world, playerId);
  },
  removePlayer(world, playerId) {
    unseatPlayer(world, playerId);
  },
  step: stepConnectFour,
  rpc: connectFourRpc,
  // Load-testing bots drop discs in random open columns on their turn (connect-four-bot.ts).
  bot: connectFourBot,
};
