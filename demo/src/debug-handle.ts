// The demo exposes its live connection as `window.edgetick`, for the browser console and
// for the browser tests that read what the page knows.

import type { RoomConnection, VoiceChat } from "@edgetick/client";
import type { ArenaInput, ShipValues } from "../../games/arena/index.js";
import type { TracedFrame } from "./frame-trace.js";
import type { Ping } from "./pings.js";
import type { SeenShot } from "./shots.js";

/** What `window.edgetick` holds once the page has joined. */
export interface DemoDebugHandle {
  readonly room: RoomConnection<ArenaInput>;
  /** The ships the page's mirror holds now, as plain values (authoritative, as received). */
  ships(): ShipValues[];
  /** The last drawn frames: time and each ship's rendered position. */
  readonly frames: readonly TracedFrame[];
  /** The map pings still showing, each player's latest. */
  pings(): Ping[];
  /** The last shots received (`drawn`: a frame has drawn the tracer), oldest first. */
  shots(): SeenShot[];
  /** Hits scored by each player since the page joined, by player id. */
  hits(): Record<number, number>;
  /** Proximity voice (voice.ts): its AudioContext, output node, counters and events. */
  readonly voice: VoiceChat;
}

declare global {
  interface Window {
    /** The live connection (see DemoDebugHandle). */
    edgetick?: DemoDebugHandle;
  }
}
