// What admins and moderators can see and do in a room, over Durable Object RPC: the types
// of the answers and of the targets. The GameRoom implements them.

import type { RoomInfo } from "./room-info.js";

/** A player in a room as moderators see it. */
export interface InspectedPlayer {
  /** The seat in the room (u16). */
  readonly playerId: number;
  readonly name: string;
  /** The account behind the seat. */
  readonly accountId: string;
  readonly roles: readonly string[];
  readonly muted: boolean;
  /** True once the player's data documents are loaded. */
  readonly dataLoaded: boolean;
  /**
   * The state rate in force for the player, bytes per second: the room's budget (or the
   * player's own), capped by the client's RATE and lowered while its link backs up.
   */
  readonly bytesPerSecond: number;
}

/** A room as moderators see it: its public description, with more about each player. */
export interface RoomInspection extends Omit<RoomInfo, "players"> {
  readonly players: readonly InspectedPlayer[];
  /** Connections whose HELLO is still being verified or has not arrived. */
  readonly pendingConnections: number;
}

/** Whom a moderation action targets: a seat, or every seat of an account. */
export type PlayerTarget = { readonly playerId: number } | { readonly accountId: string };

/** True if a joined player matches the target. */
export function matches(
  target: PlayerTarget,
  player: { playerId: number; accountId: string },
): boolean {
  return "playerId" in target
    ? target.playerId === player.playerId
    : target.accountId === player.accountId;
}
