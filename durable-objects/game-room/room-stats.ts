// What GET /v1/admin/rooms/:roomId/stats tells operators about a room: its own figures
// (RoomCore.stats: tick durations by part, traffic, players) beside its identity. Timed with
// the object's clock, which advances during a tick on a local server but not on Cloudflare's
// network (docs/api.md#room-figures).

import type { RoomConfig } from "../../server/placement/room-config.js";
import type { RoomCore } from "../../shared/room/room-core.js";
import type { RoomStats } from "../../shared/room/room-timings.js";

/** A room's figures, as the admin stats route serves them. */
export interface RoomStatsReport extends RoomStats {
  readonly roomId: string;
  readonly game: string;
  /** The mode it was made for (absent for a room opened by id). */
  readonly mode?: string;
  /** When the figures were read (Unix ms). */
  readonly at: number;
}

/** The figures of the room made with `config` and run by `core`, at `now` (Unix ms). */
export function roomStats(
  roomId: string,
  config: RoomConfig,
  core: RoomCore<unknown>,
  now: number,
): RoomStatsReport {
  return {
    roomId,
    game: config.game,
    ...(config.mode === undefined ? {} : { mode: config.mode }),
    at: now,
    ...core.stats(now),
  };
}
