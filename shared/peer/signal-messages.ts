// The signaling protocol of a peer session (listen server or P2P mesh): JSON text frames on
// a WebSocket between each peer and the session's PeerSession Durable Object, which relays
// WebRTC offers, answers and ICE candidates between peers, announces who is in the session
// and who hosts it, and forwards opaque binary frames when a direct path cannot be made
// (relay-frame.ts). Text frames are validated with these schemas on both ends: the object
// treats every frame as hostile; a peer refuses a malformed one from the object.

import { z } from "zod";

/** A peer's number within its session: 1, 2, 3… in join order, never reused in a session. */
export const PeerId = z.number().int().min(1).max(65_535);

/** A peer as every member of the session sees it. */
export const PeerInfo = z.object({
  peerId: PeerId,
  name: z.string().min(1).max(64),
  /** The signed-in account behind the peer. */
  accountId: z.string().max(64),
});
export type PeerInfo = z.infer<typeof PeerInfo>;

/** One ICE server as RTCPeerConnection takes it (TURN entries carry time-limited credentials). */
export const IceServer = z.object({
  urls: z.union([z.string().max(512), z.array(z.string().max(512)).max(8)]),
  username: z.string().max(256).optional(),
  credential: z.string().max(256).optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/** What a signal carries: a session description or one ICE candidate (null: end of candidates). */
export const SignalData = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("description"),
    description: z.object({ type: z.enum(["offer", "answer"]), sdp: z.string().max(32_768) }),
  }),
  z.object({
    kind: z.literal("candidate"),
    candidate: z
      .object({
        candidate: z.string().max(1024),
        sdpMid: z.string().max(64).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      })
      .nullable(),
  }),
]);
export type SignalData = z.infer<typeof SignalData>;

/** Which player each peer is in the host's room (the host tells; migration needs it). */
export const RosterEntry = z.object({ peerId: PeerId, playerId: z.number().int().min(1) });
export type RosterEntry = z.infer<typeof RosterEntry>;

/** Frames a peer sends to the object. */
export const SignalClientMessage = z.discriminatedUnion("type", [
  /** Forward `data` to peer `to`. */
  z.object({ type: z.literal("signal"), to: PeerId, data: SignalData }),
  /** Host only: the player of each peer admitted so far (replaces the previous roster). */
  z.object({ type: z.literal("roster"), players: z.array(RosterEntry).max(256) }),
]);
export type SignalClientMessage = z.infer<typeof SignalClientMessage>;

/** Frames the object sends to a peer. */
export const SignalServerMessage = z.discriminatedUnion("type", [
  /** First frame on a signaling socket. */
  z.object({
    type: z.literal("welcome"),
    sessionId: z.string(),
    kind: z.enum(["listen", "p2p"]),
    peerId: PeerId,
    /** The peer hosting a listen session (null in a P2P mesh). */
    hostPeerId: PeerId.nullable(),
    /** Bumped on each host migration; a frame from an older epoch's host is stale. */
    epoch: z.number().int().min(0),
    /** The other peers connected now. */
    peers: z.array(PeerInfo),
    iceServers: z.array(IceServer),
    /** Largest relayed binary frame the object forwards, bytes (payload and header). */
    maxRelayFrameBytes: z.number().int().positive(),
  }),
  z.object({ type: z.literal("peer-joined"), peer: PeerInfo }),
  z.object({ type: z.literal("peer-left"), peerId: PeerId, reason: z.string().max(123) }),
  z.object({ type: z.literal("signal"), from: PeerId, data: SignalData }),
  /**
   * A new host was elected (the host left or dropped): the connected peer that joined
   * earliest, i.e. the lowest peer id. `roster` is the last one the old host sent.
   */
  z.object({
    type: z.literal("host"),
    hostPeerId: PeerId,
    epoch: z.number().int().min(1),
    roster: z.array(RosterEntry),
  }),
  /** A frame the object refused (the socket stays open unless the error is fatal). */
  z.object({ type: z.literal("error"), code: z.string().max(64), message: z.string().max(256) }),
]);
export type SignalServerMessage = z.infer<typeof SignalServerMessage>;

/** Largest signaling text frame either side accepts, bytes (an SDP offer fits well under). */
export const MAX_SIGNAL_FRAME_BYTES = 40_960;
