// The mesh page exposes its session as `window.edgetickMesh`, for the browser console and for
// the browser tests that read what the page knows (`window.edgetick` is the arena page's).

import type { MeshSession, MeshVoiceLink, VoiceChat } from "@edgetick/client";
import type { ShipValues } from "../../../games/arena/index.js";

/** Another peer of the session as the page shows it. */
export interface MeshPeerView {
  readonly peerId: number;
  readonly name: string;
  /** The mesh accepted its HELLO: its ships arrive. */
  readonly ready: boolean;
  /** What carries the link: "direct", "turn" or "relay" (while connecting: the attempt's). */
  readonly path: string;
  readonly state: "connecting" | "open" | "closed";
  /** When the link opened, ms after the page learnt of the peer. */
  readonly openMs?: number;
  /** When the direct attempt gave up, ms (relayed links only). */
  readonly fallbackMs?: number;
}

/** What `window.edgetickMesh` holds once the page has joined its session. */
export interface MeshDebugHandle {
  readonly session: MeshSession;
  /** The page's voice chat, over {@link voiceLink}. */
  readonly voice: VoiceChat;
  /** The mesh's voice link (its counters: frames sent, copies, drops on arrival). */
  readonly voiceLink: MeshVoiceLink;
  /** Every ship the page draws (its own and each peer's mirror), as plain values. */
  ships(): ShipValues[];
  /** The other peers of the session and their links. */
  peers(): MeshPeerView[];
}

declare global {
  interface Window {
    /** The live P2P session (see MeshDebugHandle). */
    edgetickMesh?: MeshDebugHandle;
  }
}
