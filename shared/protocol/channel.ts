// The two guarantees a frame can travel with. Every link has a reliable ordered channel (a
// WebSocket is nothing else); WebRTC data channels add an unordered one without
// retransmissions. The room picks the channel per frame (RoomSink.send); a transport
// without an unreliable channel carries such frames reliably.

/**
 * `reliable`: ordered, never lost (control messages, inputs, RPCs). `unreliable`: may be
 * lost, duplicated or reordered (snapshots against acknowledged baselines).
 */
export type Channel = "reliable" | "unreliable";
