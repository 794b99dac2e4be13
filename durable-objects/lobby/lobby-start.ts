// Starting a lobby's game: choose the region that minimises the worst member's latency,
// place the room there, mint every member's join ticket, and only then commit. Any failure
// aborts the start for everyone (the lobby goes back to gathering); no member has seen a
// ticket before the commit, so the transition is all or none. A member who dropped meanwhile
// gets a fresh ticket for the same room when they come back (hello, or GET the lobby).

import {
  configuredRegions,
  crossRegionThresholdMs,
} from "../../server/placement/configured-regions.js";
import { placeRoom } from "../../server/placement/place-room.js";
import type { PlacementEnv } from "../../server/placement/placement-env.js";
import { type IssuedTicket, mintRoomTicket } from "../../server/placement/room-tickets.js";
import type { LobbyCore } from "../../shared/lobby/lobby-core.js";
import type { LobbyGame } from "../../shared/lobby/lobby-protocol.js";
import { chooseGroupRegion } from "../../shared/regions/group-region.js";

/** Hands a member their ticket once the start has committed. */
export type DeliverTicket = (accountId: string, ticket: IssuedTicket, game: LobbyGame) => void;

/** The room id of a lobby's `n`th game. */
export function lobbyRoomId(code: string, n: number): string {
  return `lobby-${code}-${n}`;
}

/**
 * Runs a start the core has begun; commits or aborts it. Never throws.
 * @param game the registered game the lobby's settings name (the first one when empty)
 */
export async function startLobbyGame(
  env: PlacementEnv,
  core: LobbyCore,
  game: string,
  deliver: DeliverTicket,
): Promise<boolean> {
  const state = core.state;
  const now = Date.now();
  try {
    const choice = chooseGroupRegion(
      configuredRegions(env),
      core.groupMembers(),
      crossRegionThresholdMs(env),
    );
    const roomId = lobbyRoomId(state.code, state.games + 1);
    await placeRoom(
      env,
      {
        roomId,
        region: choice.region,
        game,
        mode: state.settings.mode,
        capacity: state.settings.maxPlayers,
        // A lobby's room admits its members, in one team; the game seats them.
        teams: [state.members.map((m) => m.accountId)],
        origin: "lobby",
        properties: { ...state.settings.properties, lobby: state.code },
      },
      now,
    );
    const tickets = await Promise.all(
      state.members.map(
        async (m) => [m.accountId, await mintRoomTicket(env, m, roomId, now)] as const,
      ),
    );
    const started: LobbyGame = {
      roomId,
      regionId: choice.region.id,
      startedAt: now,
      warnings: choice.warnings,
    };
    core.commitStart(started);
    for (const [accountId, ticket] of tickets) deliver(accountId, ticket, started);
    return true;
  } catch (e) {
    console.error(`lobby ${state.code}: start failed`, e);
    core.abortStart("start_failed", "the game could not be created; try again");
    return false;
  }
}
