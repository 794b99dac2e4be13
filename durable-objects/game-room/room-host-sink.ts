// The RoomSink a GameRoom hands its core (or its zone's core): bytes out on the hibernatable
// sockets and what workerd queued on them, randomness and the tick clock, the core's closes,
// ticking on and off, fair-play verdicts, budget crossings (logged in the audit log) and,
// for a recording room, the replay chunks and manifests its storage keeps.

import { AUDIT_ACTION, recordAudit } from "../../server/accounts/audit-log.js";
import type { ReplayManifest } from "../../shared/replay/replay-manifest.js";
import type { ConnectionId, RoomSink } from "../../shared/room/room-sink.js";
import type { RoomReplays } from "./room-replays.js";

/** What the sink needs of its host. */
export interface RoomSinkHost {
  /** The open socket of connection `conn`. */
  socket(conn: ConnectionId): WebSocket | undefined;
  /** The core closed `conn` with `code`: the host forgets it and closes its socket. */
  closed(conn: ConnectionId, code: number, reason: string): void;
  setTicking(on: boolean): void;
  fairPlay: NonNullable<RoomSink["fairPlay"]>;
  /** The recording's manifest so far (RoomCore.replayManifest). */
  manifest(): ReplayManifest | undefined;
  /** Where budget crossings are logged. */
  readonly db: D1Database;
  /** The room's id and game, for the log. */
  names(): { readonly roomId: string; readonly game: string | undefined };
  waitUntil(work: Promise<unknown>): void;
}

/** The core's outputs; with `replays`, the room stores what it records. */
export function roomHostSink(host: RoomSinkHost, replays: RoomReplays | undefined): RoomSink {
  const recording: Pick<RoomSink, "recordChunk" | "recordManifest"> = replays
    ? {
        // Called from the tick: queued, never awaited. No chunk is open while the core hands
        // one over, so asking for the manifest here flushes nothing: it lists the chunks so
        // far, this one included, for the object's storage (a restart finishes the replay).
        recordChunk: (chunk, info) => replays.chunk(chunk, info, host.manifest()),
        recordManifest: (manifest) => void replays.manifest(manifest),
      }
    : {};
  return {
    ...recording,
    send: (conn, bytes) => host.socket(conn)?.send(bytes),
    // workerd queues what a socket cannot send yet and reports it here; the core holds
    // unreliable events above its backpressure threshold and cuts the socket (4301) above
    // its backlog limit. Sends never wait, so the tick never stalls for a slow client.
    buffered: (conn) => host.socket(conn)?.bufferedAmount ?? 0,
    random: (bytes) => crypto.getRandomValues(bytes),
    // Times the room's ticks for its figures only. Locally it advances during a tick;
    // deployed, workerd holds it still until I/O (docs/api.md#room-figures).
    clock: () => performance.now(),
    close: (conn, code, reason) => host.closed(conn, code, reason),
    setTicking: (on) => host.setTicking(on),
    // The core closed the socket of a kick or a ban already; the ban itself is written here.
    fairPlay: (verdict) => host.fairPlay(verdict),
    // The core applied the budget's policy already; the crossing is logged (a few a match).
    budget: (crossing) => {
      const { roomId, game } = host.names();
      const entry = {
        at: Date.now(),
        actor: null,
        action: AUDIT_ACTION.MATCH_BUDGET,
        target: roomId,
        detail: { game, ...crossing },
      };
      host.waitUntil(
        recordAudit(host.db, entry).catch((e: unknown) =>
          console.error(`room ${roomId}: logging a budget crossing failed`, e),
        ),
      );
    },
  };
}
