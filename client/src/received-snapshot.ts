// What ClientSession.receive returns for an applied SNAPSHOT: one object per session, reused
// for every snapshot, so the per-tick receive path allocates nothing (no message object, no
// view of the update, no result). A caller reads it before the next receive, as NetClient and
// RoomConnection do; one that keeps a snapshot's values copies them.

import type { SnapshotMessage } from "../../shared/protocol/server-messages.js";
import type { SnapshotHeader } from "../../shared/protocol/snapshot-header.js";
import { SNAPSHOT_HEADER_BYTES } from "../../shared/protocol/snapshot-header.js";
import type { UpdateSummary } from "../../shared/replication/replication-client.js";

const NO_FRAME = new Uint8Array(0);

/**
 * A received SNAPSHOT with what it did to the mirror. `ackSeq` is the session's unbounded
 * sequence (not the wire's u32); `update` is a view of the frame made only when read.
 *
 * @example
 * const result = session.receive(frame, now);
 * if (result.ok && result.value.type === "snapshot") ack(result.value.applied.tick);
 */
export class ReceivedSnapshot implements SnapshotMessage, SnapshotHeader {
  readonly type = "snapshot" as const;
  ackSeq = 0;
  inputBuffer = 0;
  /** What the update did (ReplicationClient's summary, itself reused). */
  applied: UpdateSummary;
  /** The replication update, a view into the frame (an own, enumerable getter). */
  declare readonly update: Uint8Array;
  /** The frame last received; held until the next snapshot replaces it. */
  #frame: Uint8Array = NO_FRAME;

  constructor(applied: UpdateSummary) {
    this.applied = applied;
    // An own enumerable accessor, so the object still reads (and compares) as the plain
    // message it replaces, while the view is allocated only by a caller that asks for it.
    Object.defineProperty(this, "update", {
      enumerable: true,
      get: () => this.#frame.subarray(SNAPSHOT_HEADER_BYTES),
    });
  }

  /** Makes `frame` the snapshot this object describes. */
  hold(frame: Uint8Array): void {
    this.#frame = frame;
  }
}
