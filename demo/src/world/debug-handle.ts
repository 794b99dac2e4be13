// The world page exposes its world client as `window.edgetickWorld`, for the browser console
// and for the browser tests that read what the page knows (`window.edgetick` is the arena
// page's).

import type { WorldClient } from "@edgetick/client";
import type { WorldInput } from "../../../games/world/index.js";
import type { FrameCounts, WorldFrame } from "./frame-log.js";
import type { MinimapState } from "./minimap-model.js";
import type { SeenAvatar } from "./seen-avatars.js";

/** What `window.edgetickWorld` holds once the page has joined its world. */
export interface WorldDebugHandle {
  /** The current world client (a new one after the page rejoined the world). */
  readonly client: WorldClient<WorldInput>;
  readonly worldId: string;
  readonly name: string;
  /** The player's world-wide tag (walkerTag of its name): its avatar's `tag`. */
  readonly tag: number;
  /** The avatars the last frame drew. */
  avatars(): readonly SeenAvatar[];
  /** What the minimap showed in the last frame. */
  minimap(): MinimapState | undefined;
  /** The last drawn frames (the own avatar's copies and position, the zones). */
  readonly frames: readonly WorldFrame[];
  /** Frames since the avatar first showed, and those that drew it zero or 2+ times. */
  readonly counts: Readonly<FrameCounts>;
}

declare global {
  interface Window {
    /** The live world client (see WorldDebugHandle). */
    edgetickWorld?: WorldDebugHandle;
  }
}
