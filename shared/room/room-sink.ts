// What the room core needs from its host (a Durable Object, a Node bench, a listen host, a
// test): a way to send bytes to a connection on a channel, close it, run or stop the tick
// timer, and say how much a connection's link still holds unsent.

import type { FairPlayVerdict } from "../fairplay/fair-play-evidence.js";
import type { Channel } from "../protocol/channel.js";
import type { ReplayChunkInfo } from "../replay/replay-chunk.js";
import type { ReplayManifest } from "../replay/replay-manifest.js";
import type { BudgetCrossing } from "./match-budget.js";

/** Identifies one connection inside a room; chosen by the host. */
export type ConnectionId = string;

/** The room core's outputs. */
export interface RoomSink {
  /**
   * Sends one binary frame. `bytes` is a view into a reused buffer, valid only during the
   * call: send or copy it synchronously. `channel` is `"unreliable"` only for SNAPSHOTs of a
   * room whose `snapshotChannel` says so, and for relayed VOICE frames (a late one is worth
   * nothing); a host whose link has no unreliable channel (a WebSocket) sends those reliably,
   * which the baselines and the jitter buffer allow.
   */
  send(conn: ConnectionId, bytes: Uint8Array, channel?: Channel): void;
  /** Closes a connection with a code from CLOSE; the core has already forgotten it. */
  close(conn: ConnectionId, code: number, reason: string): void;
  /**
   * Starts (true) or stops (false) calling `update(now)` about every tick interval. The
   * room ticks only while someone is connected, so an empty room can hibernate.
   */
  setTicking(on: boolean): void;
  /**
   * Bytes sent on `conn` that the network has not taken yet (a DO: `ws.bufferedAmount`).
   * Above `backpressureBytes` the room holds unreliable RPC events for the connection;
   * above `maxBacklogBytes` it closes it with 4301. Omitted: 0, never backed up.
   */
  buffered?(conn: ConnectionId): number;
  /**
   * Fills `bytes` with cryptographically random values, for resume tokens (e.g.
   * `(b) => crypto.getRandomValues(b)`). Omitted: a seeded generator, unique but guessable,
   * fit only for tests and benches.
   */
  random?(bytes: Uint8Array): void;
  /**
   * Stores a finished replay chunk of a room that records (`RoomOptions.record`): `chunk`
   * is the host's to keep (a copy), called from the tick, so store it without waiting (e.g.
   * `ctx.waitUntil(bucket.put(…))`). Omitted: the room does not record, whatever its options.
   */
  recordChunk?(chunk: Uint8Array, info: ReplayChunkInfo): void;
  /**
   * The replay's manifest, listing every chunk stored so far; sent when the room stops
   * ticking (everyone left), after the last chunk. `RoomCore.replayManifest()` gives it on
   * demand (e.g. at the end of a match). Later chunks come with a later manifest.
   */
  recordManifest?(manifest: ReplayManifest): void;
  /**
   * A monotonic clock in ms (e.g. `() => performance.now()`), read only to time the room's
   * own ticks for its figures (RoomCore.stats), never by game logic. Omitted: the figures
   * hold counts and rates but no durations.
   */
  clock?(): number;
  /**
   * A fair-play verdict (GameDefinition.fairPlay): write it down (the audit log, a flag) and,
   * for step "ban", ban the account for `banMinutes`. The room has already closed the
   * player's socket for a kick or a ban. Called from the tick or a frame: do not wait.
   */
  fairPlay?(verdict: FairPlayVerdict): void;
  /**
   * The match crossed a limit of its game's budget (GameDefinition.budget): log it. The room
   * has already applied the policy (a hard limit's throttle or end). Called from the update.
   */
  budget?(crossing: BudgetCrossing): void;
}
