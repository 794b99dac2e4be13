// What voice chat needs of a connection: who this player is, a way to send a frame, and the
// relayed frames, moderation mutes, departures and the end. A RoomConnection is one; a P2P
// mesh session can be another (the same rules on the host or mesh, docs/voice.md).

import type {
  RelayedVoiceMessage,
  VoiceFrame,
  VoiceStateMessage,
} from "../../../shared/protocol/voice-messages.js";

/** The link a VoiceChat talks and listens over. */
export interface VoiceLink {
  /** This player's id (relayed frames name their speaker by it). */
  readonly playerId: number;
  /** Sends one frame of this player's talk; false when it was dropped (the link is down). */
  sendVoice(frame: VoiceFrame): boolean;
  /** A frame another player spoke, for this player to hear. */
  on(event: "voice", listener: (m: RelayedVoiceMessage) => void): () => void;
  /** A player's moderation mute changed (this player's own included). */
  on(event: "voice-state", listener: (m: VoiceStateMessage) => void): () => void;
  /** A player left: its playout stops. */
  on(event: "player-left", listener: (m: { readonly playerId: number }) => void): () => void;
  /** The link ended for good: voice stops. */
  on(event: "close", listener: (m: unknown) => void): () => void;
}
