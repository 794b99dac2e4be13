// This repository's own Worker: the arena, Connect Four and the zoned world, served exactly as a studio's
// Worker serves its games (docs/games.md): createEdgetick from @edgetick/server (resolved to
// workers/create-edgetick.ts in this repo) and six class exports.

import { createEdgetick } from "@edgetick/server";
import { arena } from "../games/arena/index.js";
import { connectFour } from "../games/connect-four/index.js";
import { world } from "../games/world/index.js";

const edgetick = createEdgetick({ games: [arena, connectFour, world] });

export const { GameRoom, Lobby, Matchmaker, RegionPing, PeerSession, WorldState } = edgetick;
export default edgetick.worker;
