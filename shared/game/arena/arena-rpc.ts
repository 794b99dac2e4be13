// The arena's RPCs: a player sends an emote (rate-limited), every player in the room sees it
// above the sender's ship. Real traffic for the typed RPC path, end to end.

import { arg, defineRpcs, gameRpc } from "../../rpc/index.js";

/** The emotes a player can send (keys 1–3 in the demo). */
export const ARENA_EMOTES = ["wave", "gg", "boom"] as const;

/** The arena's RPC declarations, shared by the room and the client. */
export const ARENA_RPCS = defineRpcs({
  emote: {
    direction: "client-to-server",
    args: { kind: arg.enumOf(ARENA_EMOTES) },
    // A chat emote is no input stream: two a second, three in a burst.
    rateLimit: { perSecond: 2, burst: 3 },
  },
  emoted: {
    direction: "server-to-client",
    args: { player: arg.u16, kind: arg.enumOf(ARENA_EMOTES) },
  },
});

/** The room's handlers: an emote goes to everyone in the room. */
export const arenaRpc = gameRpc(ARENA_RPCS, {
  emote: ({ playerId, emit }, { kind }) =>
    emit({ to: "all" }, "emoted", { player: playerId, kind }),
});
