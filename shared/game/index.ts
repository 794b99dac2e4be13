// Game definitions: the contract and the games this repo ships.
export type { GameDefinition, InputCodec, StateCodec } from "./game-definition.js";
