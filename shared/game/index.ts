// Game definitions: the contract and the games this repo ships.
export type { GameDefinition, InputCodec } from "./game-definition.js";
