// A mesh link's checks of the other peer's HELLO: the mesh protocol version, the game and
// its schema build, and that the peer is the one the link was added for.

import { MESH_PROTOCOL_VERSION, type MeshHello } from "../../../../shared/peer/mesh-messages.js";
import { CLOSE, type CloseCode } from "../../../../shared/protocol/close-codes.js";
import type { MeshGame } from "./mesh-options.js";

/** Why a HELLO is refused: the close code and a detail for the reason. */
export interface MeshHelloRefusal {
  readonly code: CloseCode;
  readonly detail: string;
}

/** Undefined when `hello` opens the link to `peerId` of a mesh of `game`; otherwise why not. */
export function checkMeshHello(
  hello: MeshHello,
  game: MeshGame,
  peerId: number,
): MeshHelloRefusal | undefined {
  if (hello.version !== MESH_PROTOCOL_VERSION)
    return {
      code: CLOSE.UNSUPPORTED_VERSION,
      detail: `peer speaks mesh ${hello.version}, this one ${MESH_PROTOCOL_VERSION}`,
    };
  if (hello.game !== game.name)
    return { code: CLOSE.WRONG_GAME, detail: `peer plays ${hello.game}, this one ${game.name}` };
  if (hello.schema !== game.schema.fingerprint)
    return {
      code: CLOSE.SCHEMA_MISMATCH,
      detail: `peer ${hex(hello.schema)}, this one ${hex(game.schema.fingerprint)}`,
    };
  if (hello.peerId !== peerId)
    return { code: CLOSE.INVALID_HELLO, detail: `peer ${hello.peerId} on the link to ${peerId}` };
  return undefined;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}
