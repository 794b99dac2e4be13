// The load Worker (index.ts) with one thing the arena room does left out, for
// bench/memory-messages.ts's bisect of the room's steady-state memory growth. What to leave
// out is fixed when the Worker is bundled (`--define LEAVE_OUT:'"player-data"'`):
// - "player-data": no player documents (no loads, saves or lease renewals in D1);
// - "record": no replay recording (no chunks to R2, no pending manifests in storage).

import { createEdgetick } from "@edgetick/server";
import { arena } from "../../games/arena/index.js";
import { connectFour } from "../../games/connect-four/index.js";

declare const LEAVE_OUT: string;

/** As index.ts: every bot in one room. */
const LOAD_SEATS = 1024;

const { playerData, ...rest } = arena;
const roomOptions = {
  ...arena.game.roomOptions,
  maxPlayers: LOAD_SEATS,
  ...(LEAVE_OUT === "record" ? { record: false } : {}),
};
const bisected = {
  ...rest,
  ...(LEAVE_OUT === "player-data" ? {} : { playerData }),
  game: { ...arena.game, roomOptions },
};

const edgetick = createEdgetick({ games: [bisected, connectFour] });

export const { GameRoom, Lobby, Matchmaker, RegionPing, PeerSession, WorldState } = edgetick;
export default edgetick.worker;
