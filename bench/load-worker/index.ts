// The Worker `npm run bench:load` runs on wrangler dev: this repository's Worker
// (workers/index.ts) with one change, the arena's seats raised from 32 to LOAD_SEATS so a
// single room holds every bot. Same game name, schema and step, so the bots and the demo
// client play it unchanged; only the load bench serves it.

import { createEdgetick } from "@edgetick/server";
import { arena } from "../../games/arena/index.js";
import { connectFour } from "../../games/connect-four/index.js";

/**
 * Seats of the load bench's arena rooms (the room core allows up to 1024). Not exported: a
 * Worker module's exports must be handlers or classes.
 */
const LOAD_SEATS = 1024;

const loadArena = {
  ...arena,
  game: { ...arena.game, roomOptions: { ...arena.game.roomOptions, maxPlayers: LOAD_SEATS } },
};

const edgetick = createEdgetick({ games: [loadArena, connectFour] });

export const { GameRoom, Lobby, Matchmaker, RegionPing, PeerSession, WorldState } = edgetick;
export default edgetick.worker;
