// What a RoomConnection tells its game: the connection's states, why it ended, and the events
// it emits (RoomEvents) — the room's messages as they arrive, the connection's state changes
// and its statistics. Spectator connections speak the same events (spectate/).

import type {
  RelayedVoiceMessage,
  VoiceStateMessage,
} from "../../shared/protocol/voice-messages.js";
import type { World } from "../../shared/world/world.js";
import type { ReceivedMessage } from "./client-session.js";
import type { Emitter } from "./emitter.js";
import type { NetStatsSample } from "./net-stats.js";

/**
 * Where a connection is. `connecting` lasts until connect() resolves; `reconnecting` while
 * a dropped link is being resumed; `resumed` once it was (the same player, a fresh world
 * mirror); `disconnected` is final (see {@link RoomConnection.closed} for why).
 */
export type ConnectionState =
  | "connecting"
  | "connected"
  | "reconnecting"
  | "resumed"
  | "disconnected";

/** Why a connection ended. */
export interface CloseInfo {
  /** The close code (see docs/protocol.md, "Close codes"). */
  readonly code: number;
  readonly reason: string;
  /** Whether connecting again can succeed (false for protocol errors, a refused hello…). */
  readonly retryable: boolean;
}

/** Events of a RoomConnection, with their payloads. */
export interface RoomEvents {
  /** The mirror world was brought to tick `tick`. */
  snapshot: { readonly tick: number; readonly world: World };
  "player-joined": { readonly playerId: number; readonly name: string };
  "player-left": { readonly playerId: number };
  /** A player's link dropped (its entities stay for the room's grace period) or came back. */
  "player-status": { readonly playerId: number; readonly connected: boolean };
  /**
   * The connection state changed. On `resumed`, {@link RoomConnection.world},
   * {@link RoomConnection.view} and {@link RoomConnection.netcode} are new objects: read them
   * again (and subscribe again to the world's events).
   */
  state: { readonly state: ConnectionState; readonly close?: CloseInfo };
  /** A statistics sample, every `netcode.statsIntervalMs`. */
  stats: NetStatsSample;
  /** Another player's voice frame, relayed by the room (see VoiceChat, docs/voice.md). */
  voice: RelayedVoiceMessage;
  /**
   * A player's moderation mute: sent on joining for each muted player (this one included)
   * and to everyone on a change. A muted player's frames are dropped by the room.
   */
  "voice-state": VoiceStateMessage;
  close: CloseInfo;
}

/** The mirror a connection's messages update (its NetClient's). */
export interface ReceivingMirror {
  readonly world: World;
  readonly session: { readonly tick: number };
}

/**
 * Emits the event a received message raises, if any (RPC frames are the connection's RoomRpc's).
 * @param mirror the mirror the message was applied to
 */
export function emitReceived(
  events: Emitter<RoomEvents>,
  msg: ReceivedMessage,
  mirror: ReceivingMirror,
): void {
  if (msg.type === "snapshot")
    events.emit("snapshot", { tick: mirror.session.tick, world: mirror.world });
  else if (msg.type === "player-joined")
    events.emit("player-joined", { playerId: msg.playerId, name: msg.name });
  else if (msg.type === "player-left") events.emit("player-left", { playerId: msg.playerId });
  else if (msg.type === "player-status")
    events.emit("player-status", { playerId: msg.playerId, connected: msg.connected });
  else if (msg.type === "voice") events.emit("voice", msg);
  else if (msg.type === "voice-state") events.emit("voice-state", msg);
}
