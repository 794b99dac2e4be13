// Connect Four: the second example game module, a turn-based board game with no spatial
// interest (the arena is the spatial one). It imports only the game contract.

export {
  type BoardGrid,
  type BoardView,
  type Cell,
  EMPTY,
  gridOf,
  heightOf,
  lineThrough,
  type MatchView,
  matchOf,
  readBoard,
  readMatch,
  seatOfPlayer,
} from "./connect-four-board.js";
export { connectFourBot } from "./connect-four-bot.js";
export {
  CONNECT_FOUR_INPUT_CODEC,
  type ConnectFourInput,
  connectFourGame,
} from "./connect-four-game.js";
export {
  CONNECT_FOUR_PLAYER_DATA,
  type ConnectFourRecord,
  connectFour,
  connectFourDataHooks,
  RECORD_KEY,
  recordOf,
} from "./connect-four-module.js";
export { CONNECT_FOUR_RPCS, connectFourRpc } from "./connect-four-rpc.js";
export { DROP_RESULTS, type DropResult, dropDisc, stepConnectFour } from "./connect-four-rules.js";
export {
  CELLS,
  COLUMNS,
  CONNECT,
  CONNECT_FOUR_SCHEMA,
  CONNECT_FOUR_TICK_RATE,
  Disc,
  MATCH_PHASES,
  Match,
  type MatchPhase,
  NO_PLAYER,
  ROUND_OUTCOMES,
  ROUND_PAUSE_TICKS,
  ROWS,
  type RoundOutcome,
  SEATS,
  type Seat,
} from "./connect-four-state.js";
