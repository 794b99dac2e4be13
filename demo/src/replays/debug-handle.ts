// The replay viewer exposes what it lists and plays as `window.edgetickReplay`, for the
// browser console and for the browser tests that read what the page knows.

import type { ReplayPlayer, ReplaySummary } from "@edgetick/client";
import type { ArenaInput, ShipValues } from "../../../games/arena/index.js";
import type { CameraView } from "../camera.js";

/** Where playback stands. */
export interface PlaybackState {
  readonly time: number;
  readonly duration: number;
  /** The tick the mirror holds (its state, not the interpolated view). */
  readonly tick: number;
  readonly playing: boolean;
  readonly speed: number;
  readonly buffering: boolean;
  readonly following: number | null;
  /** Seeks that landed since the replay opened. */
  readonly seeks: number;
}

/** What `window.edgetickReplay` holds. */
export interface ReplayDebugHandle {
  /** The replays listed last. */
  replays(): readonly ReplaySummary[];
  /** The open replay's player, or null. */
  readonly player: ReplayPlayer<ArenaInput> | null;
  /** Playback, or null before a replay is open. */
  state(): PlaybackState | null;
  /** The ships the replay's mirror holds at its tick (authoritative, as recorded). */
  ships(): ShipValues[];
  /** Seeks the open replay through its timeline (as dragging the slider does). */
  seek(ms: number): Promise<void>;
  /** Where the camera looks. */
  camera(): CameraView;
  /** The last error the player reported, or null. */
  error(): string | null;
}

declare global {
  interface Window {
    /** The replay viewer's state (see ReplayDebugHandle). */
    edgetickReplay?: ReplayDebugHandle;
  }
}
