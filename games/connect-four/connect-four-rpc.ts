// How moves arrive: one reliable RPC, `drop({ column })`, answered with "ok" or the reason it
// was refused. Chosen over per-tick input because a move is a discrete, turn-gated event:
// over RPC it is sent once, never lost or repeated (reliable and ordered), and the player
// learns at once why a move was refused. As input it would ride every tick's frame, need a
// sequence number so that a held input does not drop twice, and a refusal would only show as
// a board that did not change. Nothing is predicted, so nothing is lost by leaving `step`:
// the handler calls the same pure rule (dropDisc) that tests call directly.

import { arg, defineRpcs, gameRpc } from "@edgetick/game";
import { DROP_RESULTS, dropDisc } from "./connect-four-rules.js";

/** Connect Four's RPC declarations, shared by the room and the client. */
export const CONNECT_FOUR_RPCS = defineRpcs({
  /**
   * Drops the caller's disc in `column` (0 = left … 6); answers `{ result }`, one of
   * DROP_RESULTS. A byte on the wire: columns past the board are answered "no-such-column".
   */
  drop: {
    direction: "client-to-server",
    args: { column: arg.u8 },
    result: { result: arg.enumOf(DROP_RESULTS) },
    // A click, not a stream: a player moves at most once a turn. Five a second leaves room
    // for a few refused clicks without letting a client hammer the room.
    rateLimit: { perSecond: 5, burst: 5 },
  },
});

/** The room's handler: applies the drop to the room's world under the rules. */
export const connectFourRpc = gameRpc(CONNECT_FOUR_RPCS, {
  drop: ({ playerId, world }, { column }) => ({ result: dropDisc(world, playerId, column) }),
});
