// What a peer session's signaling object carried, so relay traffic can be costed per session.
// Counted in memory on every frame; the object persists the counts on a coarse timer and
// when a peer leaves, never per frame (a storage write holds outgoing frames until it lands).

/** The counts, as stored and as GET /v1/sessions/:sessionId/usage answers them. */
export interface UsageCounts {
  /** Peers admitted since the session began (peer ids handed out). */
  peersJoined: number;
  /** Relayed binary frames forwarded. */
  relayFrames: number;
  /** Bytes of the forwarded relayed frames, 3-byte headers included. */
  relayBytes: number;
  /** Unreliable relayed frames dropped for a receiver that reads too slowly. */
  relayDroppedFrames: number;
  /** Signaling messages accepted (signal and roster). */
  signalMessages: number;
}

/** Counts, and whether any changed since they were last persisted. */
export class SessionUsage {
  readonly counts: UsageCounts;
  #dirty = false;

  /** @param saved the counts persisted earlier, if any */
  constructor(saved?: Partial<UsageCounts>) {
    this.counts = {
      peersJoined: saved?.peersJoined ?? 0,
      relayFrames: saved?.relayFrames ?? 0,
      relayBytes: saved?.relayBytes ?? 0,
      relayDroppedFrames: saved?.relayDroppedFrames ?? 0,
      signalMessages: saved?.signalMessages ?? 0,
    };
  }

  /** True when counts changed since `persisted()`. */
  get dirty(): boolean {
    return this.#dirty;
  }

  /**
   * Adds `n` to `key`; answers true when this made clean counts dirty (the moment to arm a
   * persist timer).
   */
  add(key: keyof UsageCounts, n = 1): boolean {
    this.counts[key] += n;
    const first = !this.#dirty;
    this.#dirty = true;
    return first;
  }

  /** The counts were persisted. */
  persisted(): void {
    this.#dirty = false;
  }
}
