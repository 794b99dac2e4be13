// What a moderator's inspection of a room shows (RoomInspection, room-moderation.ts): the
// room's public description, and for each joined player its account, roles, mute, whether its
// data is loaded and the state rate in force, read from the sockets' attachments and the core.

import type { ConnectionId } from "../../shared/room/room-sink.js";
import type { RoomInfo } from "./room-info.js";
import type { InspectedPlayer, RoomInspection } from "./room-moderation.js";
import type { RoomMutes } from "./room-mutes.js";
import type { RoomRun } from "./room-run.js";
import type { JoinedAttachment } from "./room-sockets.js";

/**
 * The inspection of `run`'s room, described by `info`.
 * @param joined the joined sockets' connections and attachments
 * @param openSockets every open socket, joined or not
 */
export function inspectRoom(
  info: RoomInfo,
  run: RoomRun,
  joined: Iterable<readonly [ConnectionId, WebSocket, JoinedAttachment]>,
  openSockets: number,
  mutes: RoomMutes | undefined,
): RoomInspection {
  const players: InspectedPlayer[] = [];
  for (const [conn, , a] of joined) {
    players.push({
      playerId: a.playerId,
      name: a.name ?? "",
      accountId: a.accountId,
      roles: a.roles ?? [],
      muted: mutes?.has(a.accountId) === true,
      dataLoaded: run.playerData.of(conn)?.loaded === true,
      // A joined socket's player is connected in the core, so it has a rate (B/s, whole
      // for operators: congestion scales it by fractions).
      bytesPerSecond: Math.round(run.core.rateOf(a.playerId) ?? 0),
    });
  }
  players.sort((x, y) => x.playerId - y.playerId);
  return {
    ...info,
    players,
    pendingConnections: openSockets - players.length - run.core.spectatorCount,
  };
}
