// The one link a connection speaks through, whatever carries it: a WebSocket to a room
// Durable Object, WebRTC data channels to a peer host, frames relayed by the session's relay
// object, an in-process pair (a host's own player), or the seeded simulated link of the tests.
// The room protocol and the netcode above it are the same over all of them; only where a
// frame may go differs: `reliable` is ordered and never lost, `unreliable` may lose,
// duplicate and reorder frames and exists only where the carrier has such a channel.

import type { Channel } from "../../../shared/protocol/channel.js";

/** Which guarantees a frame needs (the room's sink speaks the same two, from shared/). */
export type { Channel };

/** What carries a link's frames, for stats and fallbacks. */
export type TransportPath =
  /** A WebSocket straight to a room (or a relay-less server). */
  | "websocket"
  /** WebRTC data channels over a host or server-reflexive (STUN) candidate pair. */
  | "direct"
  /** WebRTC data channels through a TURN server. */
  | "turn"
  /** Opaque frames forwarded by the session's relay Durable Object over WebSockets. */
  | "relay"
  /** Both ends in one process (a listen host's own player, tests). */
  | "local"
  /** The seeded simulated link of tests and benches. */
  | "simulated";

/** Where a link is; `closed` is final. */
export type TransportState = "connecting" | "open" | "closed";

/**
 * One bidirectional link. Handlers are properties, as on a WebSocket, so a connection can
 * detach from a dead link by setting them to null. A transport never throws from `send`:
 * frames written while it is not open are dropped (the reconnection logic above owns that).
 *
 * Lifecycle: `connecting` → `open` (onopen, once) → `closed` (onclose, exactly once,
 * whichever side ended it). A local `close()` makes the state `closed` at once and calls
 * onclose with the code given on a later microtask, never inside the call; a caller that no
 * longer wants to hear it sets the handler to null first. Nothing arrives after `closed`.
 */
export interface Transport {
  /** What carries the frames now (a WebRTC link learns it once connected). */
  readonly path: TransportPath;
  readonly state: TransportState;
  /** True when `send(…, "unreliable")` really is unreliable; false: it falls back to reliable. */
  readonly unreliable: boolean;
  /** Bytes written and not yet taken by the network (backpressure), over all channels. */
  readonly bufferedAmount: number;
  /** Writes one frame. `bytes` may be reused by the caller after the call: copy if needed. */
  send(bytes: Uint8Array, channel?: Channel): void;
  /** Closes the link; the peer sees `code` and `reason` where the carrier can say them. */
  close(code?: number, reason?: string): void;
  onopen: (() => void) | null;
  /** A frame arrived on `channel`. The view is the receiver's to keep. */
  onmessage: ((bytes: Uint8Array, channel: Channel) => void) | null;
  /** The link ended (once), with a close code as in docs/protocol.md ("Close codes"). */
  onclose: ((code: number, reason: string) => void) | null;
  /** Something went wrong; the close that follows carries the outcome. */
  onerror: ((message: string) => void) | null;
}

/** Opens a new link to the same place: once for connect() and once per reconnection attempt. */
export type TransportFactory = () => Transport;
