// The watch page exposes what it lists and watches as `window.edgetickWatch`, for the
// browser console and for the browser tests that read what the page knows.

import type { LiveSession, SpectatorConnection } from "@edgetick/client";
import type { ArenaInput, ShipValues } from "../../../games/arena/index.js";
import type { CameraView } from "../camera.js";

/** One state the spectator's mirror was brought to. */
export interface WatchedState {
  readonly tick: number;
  /** When it arrived: ms since the Unix epoch, sub-millisecond (timeOrigin + now()). */
  readonly at: number;
  /** The mirror's ships at that tick (authoritative, as received). */
  readonly ships: ShipValues[];
}

/** What `window.edgetickWatch` holds. */
export interface WatchDebugHandle {
  /** The live rooms listed last. */
  sessions(): readonly LiveSession[];
  /** The spectator connection, once watching. */
  readonly connection: SpectatorConnection<ArenaInput> | null;
  /** The ships the spectator's mirror holds now (authoritative, as received). */
  ships(): ShipValues[];
  /** The last states received, oldest first (up to 600: 20 s at 30 Hz). */
  history(): readonly WatchedState[];
  /** Where the camera looks. */
  camera(): CameraView;
}

declare global {
  interface Window {
    /** The watch page's state (see WatchDebugHandle). */
    edgetickWatch?: WatchDebugHandle;
  }
}
