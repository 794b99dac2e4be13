// A test game for the room's delivery modes: the arena with two unreliable server-to-client
// RPCs, a reliable one and a reliable call that emits it, plus helpers to emit them and to
// read back what a connection of the host double received. Tests use it; nothing else does.

import { type ArenaInput, arenaGame } from "../../../games/arena/index.js";
import type { GameDefinition } from "../../../shared/game/game-definition.js";
import type { ConnectionId } from "../../../shared/room/room-sink.js";
import {
  arg,
  defineRpcs,
  gameRpc,
  RPC_OP,
  RpcClient,
  type RpcServer,
} from "../../../shared/rpc/index.js";
import type { TestRoomHost } from "./test-room-host.js";

/** Two unreliable RPCs, one reliable event and a reliable call that emits it. */
export const DELIVERY_RPCS = defineRpcs({
  aim: { direction: "server-to-client", args: { seq: arg.u16 }, delivery: "unreliable" },
  marker: { direction: "server-to-client", args: { seq: arg.u16 }, delivery: "unreliable" },
  said: { direction: "server-to-client", args: { seq: arg.u16 } },
  shout: { direction: "client-to-server", args: { seq: arg.u16 } },
});

/** The arena with DELIVERY_RPCS in place of its own. */
export const deliveryGame: GameDefinition<ArenaInput> = {
  ...arenaGame,
  rpc: gameRpc(DELIVERY_RPCS, {
    shout: ({ emit }, { seq }) => emit({ to: "all" }, "said", { seq }),
  }),
};

/** Server-to-client RPC names of DELIVERY_RPCS. */
export type DeliveryEvent = "aim" | "marker" | "said";

/** Emits `name` with `seq` to every player of the host's room. */
export function emitTo(host: TestRoomHost, name: DeliveryEvent, seq: number): void {
  // The room holds its dispatcher untyped (RpcDeclarations); this game's table is known here.
  const rpc = host.room.rpc as unknown as RpcServer<typeof DELIVERY_RPCS.declarations>;
  rpc.emit({ to: "all" }, name, { seq });
}

/** The RPC frames `conn` received, in order: `"aim 3"` for an event, `"result 1"` for a RESULT. */
export function rpcLog(host: TestRoomHost, conn: ConnectionId): string[] {
  const client = new RpcClient(DELIVERY_RPCS);
  return host.of(conn, "rpc").map(({ frame }) => {
    // A RESULT answers a call this reader did not make: its call id (u16 LE) is enough.
    if (frame[0] === RPC_OP.RESULT) return `result ${frame[1]! | (frame[2]! << 8)}`;
    const m = client.read(frame);
    if (!m.ok || m.value.type !== "event") throw new Error(`${conn}: not an event`);
    return `${m.value.name} ${m.value.args.seq}`;
  });
}
