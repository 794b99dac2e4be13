// The Worker: edgetick's API, rooms, lobbies and matchmaking, serving the game of game.ts.
// wrangler.toml binds the five Durable Object classes exported here.
import { createEdgetick } from "@edgetick/server";
import { dots } from "./game.js";

const edgetick = createEdgetick({ games: [dots] });

export const { GameRoom, Lobby, Matchmaker, RegionPing, PeerSession } = edgetick;
export default edgetick.worker;
