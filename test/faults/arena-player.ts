// A campaign's player: a guest of its own (from a fake address of its own, so per-address
// sign-in limits never throttle a campaign) in an arena room, through the built client.
import { connect, type ReconnectOptions, type RoomConnection } from "@edgetick/client";
import { type ArenaInput, arenaGame } from "../../games/arena/index.js";
import { signInGuest } from "../support/guest.js";
import { fakeAddress } from "./campaign.js";

/** Signs player `n` in as `name` on server `base` and joins room `url` with `reconnect`. */
export async function joinArena(
  base: string,
  url: string,
  name: string,
  n: number,
  reconnect?: ReconnectOptions,
): Promise<RoomConnection<ArenaInput>> {
  const { accessToken } = await signInGuest(base, undefined, name, fakeAddress(n));
  return connect({
    url,
    game: arenaGame,
    name,
    token: accessToken,
    ...(reconnect ? { reconnect } : {}),
  });
}
