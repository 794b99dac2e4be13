// The listen-session page exposes what it knows as `window.listenSession`, for the browser
// console and the browser tests (the arena page's handle is `window.edgetick`).

import type { MigrationEvent, RoomConnection } from "@edgetick/client";
import type { ArenaInput, ShipValues } from "../../../games/arena/index.js";

/** What `window.listenSession` holds once the page has joined its session. */
export interface ListenDebugHandle {
  readonly sessionId: string;
  /** The page's connection (the same object across host migrations). */
  readonly room: RoomConnection<ArenaInput>;
  /** "host" while this page runs the room, else "peer". */
  role(): "host" | "peer";
  /** What carries this page's connection: "local" on the host, "direct", "turn" or "relay". */
  path(): string;
  /** The ships this page's mirror holds now. */
  ships(): ShipValues[];
  /** Host migrations this page went through, oldest first. */
  readonly migrations: MigrationEvent[];
}

declare global {
  interface Window {
    /** The live session (see ListenDebugHandle). */
    listenSession?: ListenDebugHandle;
  }
}
