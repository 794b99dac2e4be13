// The arena's RPCs: a player sends an emote (rate-limited), every player in the room sees it
// above the sender's ship; a player pings a spot on the map (a marker, unreliable: the
// latest wins), every player sees it. Real traffic for the typed RPC path, end to end.
// setViewRadius zooms the caller's interest (arena-interest.ts).

import { arg, defineRpcs, gameRpc } from "@edgetick/game";
import { clampViewRadius } from "./arena-interest.js";
import { ARENA_HEIGHT, ARENA_WIDTH } from "./arena-state.js";

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
  // A map ping ("look here"): only a player's latest marker matters, so both directions are
  // unreliable. A backed-up link holds the newest and drops the older ones.
  mark: {
    direction: "client-to-server",
    args: { x: arg.u16, y: arg.u16 },
    delivery: "unreliable",
    rateLimit: { perSecond: 5, burst: 5 },
  },
  marked: {
    direction: "server-to-client",
    args: { player: arg.u16, x: arg.u16, y: arg.u16 },
    delivery: "unreliable",
  },
  // Zoom: the caller's interest radius, arena units, clamped to ARENA_VIEW_RADIUS; answers
  // the radius in force. A key press, not a stream: four a second.
  setViewRadius: {
    direction: "client-to-server",
    args: { radius: arg.u16 },
    result: { radius: arg.u16 },
    rateLimit: { perSecond: 4, burst: 4 },
  },
});

/** The room's handlers: an emote goes to everyone in the room. */
export const arenaRpc = gameRpc(ARENA_RPCS, {
  emote: ({ playerId, emit }, { kind }) =>
    emit({ to: "all" }, "emoted", { player: playerId, kind }),
  // A marker off the map is pulled to its edge.
  mark: ({ playerId, emit }, { x, y }) =>
    emit({ to: "all" }, "marked", {
      player: playerId,
      x: Math.min(x, ARENA_WIDTH),
      y: Math.min(y, ARENA_HEIGHT),
    }),
  // Only the caller's own view: what others see never depends on it.
  setViewRadius: ({ playerId, interest }, { radius }) => {
    const inForce = clampViewRadius(radius);
    interest?.setRadius(playerId, inForce);
    return { radius: inForce };
  },
});
