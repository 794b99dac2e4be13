// Game definitions: the contract and the games this repo ships.
export type { GameDefinition, InputCodec } from "./game-definition.js";
export {
  type ComponentNetcode,
  DEFAULT_FIELD_NETCODE,
  type FieldNetcode,
  fieldNetcode,
  type GameNetcode,
} from "./game-netcode.js";
