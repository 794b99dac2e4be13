// The codes of the `error` frames a PeerSession object answers a refused frame with (the
// socket stays open). Frames that break the protocol's limits close the socket instead, with
// a code from shared/protocol/close-codes.ts: 4002 for a text frame over
// MAX_SIGNAL_FRAME_BYTES, 4007 beyond the per-socket message rate.

/** Every `error.code` the signaling object sends. */
export const SIGNAL_ERROR = {
  /** A text frame that is not JSON. */
  MALFORMED_FRAME: "malformed_frame",
  /** JSON that is not a SignalClientMessage (the message names the field). */
  INVALID_MESSAGE: "invalid_message",
  /** A signal or relayed frame for a peer that is not connected (or for oneself). */
  UNKNOWN_PEER: "unknown_peer",
  /** A roster from a peer that does not host the session (or in a P2P session). */
  NOT_HOST: "not_host",
  /** A relayed frame over MAX_RELAY_FRAME_BYTES. */
  FRAME_TOO_LARGE: "frame_too_large",
  /** A binary frame that is not a relay frame (short, peer 0, channel above 1). */
  MALFORMED_RELAY_FRAME: "malformed_relay_frame",
} as const;

/** An `error.code` of the signaling protocol. */
export type SignalErrorCode = (typeof SIGNAL_ERROR)[keyof typeof SIGNAL_ERROR];
