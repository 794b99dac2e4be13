// The room's checks of a decoded HELLO, before any player state is touched: the protocol
// version, the game and its schema in the client's build, and the name.

import type { GameDefinition } from "../game/game-definition.js";
import type { HelloMessage } from "../protocol/client-messages.js";
import { CLOSE, type CloseCode } from "../protocol/close-codes.js";
import { PROTOCOL_VERSION } from "../protocol/limits.js";

/** Why a HELLO is refused: the close code and a detail for the reason. */
export interface HelloRefusal {
  readonly code: CloseCode;
  readonly detail?: string;
}

/** Undefined when `hello` may join a room of `game`; otherwise why not. */
export function checkHello<Input>(
  hello: HelloMessage,
  game: GameDefinition<Input>,
): HelloRefusal | undefined {
  if (hello.version !== PROTOCOL_VERSION) {
    return {
      code: CLOSE.UNSUPPORTED_VERSION,
      detail: `client speaks ${hello.version}, server speaks ${PROTOCOL_VERSION}`,
    };
  }
  if (hello.game !== game.name) {
    return { code: CLOSE.WRONG_GAME, detail: `client plays ${hello.game}, room runs ${game.name}` };
  }
  if (hello.schema !== game.schema.fingerprint) {
    return {
      code: CLOSE.SCHEMA_MISMATCH,
      detail: `client ${hex(hello.schema)}, room ${hex(game.schema.fingerprint)}`,
    };
  }
  if (hello.name.trim().length === 0) return { code: CLOSE.INVALID_HELLO, detail: "empty name" };
  return undefined;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}
