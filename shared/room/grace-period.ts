// Players whose link dropped, kept with their entities until a HELLO with their resume
// token comes back or their grace period runs out. Deadlines are in the host's ms clock.

/** One player waiting to be resumed. */
interface Waiting<P> {
  readonly player: P;
  /** When the player is removed for good, in ms. */
  readonly deadline: number;
}

/** Detached players by resume token; the room core owns one. */
export class GracePeriod<P> {
  readonly #waiting = new Map<string, Waiting<P>>();

  /** Players waiting now. */
  get size(): number {
    return this.#waiting.size;
  }

  /** Keeps `player` until `deadline` (ms) under `token`. */
  hold(token: string, player: P, deadline: number): void {
    this.#waiting.set(token, { player, deadline });
  }

  /** The player waiting under `token`, left waiting; undefined when none. */
  peek(token: string): P | undefined {
    return this.#waiting.get(token)?.player;
  }

  /** Takes back the player of `token` if it is still waiting; undefined otherwise. */
  claim(token: string): P | undefined {
    const w = this.#waiting.get(token);
    if (!w) return undefined;
    this.#waiting.delete(token);
    return w.player;
  }

  /** Removes and returns every player whose deadline is at or before `now`. */
  expire(now: number): P[] {
    const out: P[] = [];
    for (const [token, w] of this.#waiting) {
      if (w.deadline > now) continue;
      this.#waiting.delete(token);
      out.push(w.player);
    }
    return out;
  }

  /** The waiting players, in the order they dropped. */
  *players(): IterableIterator<P> {
    for (const w of this.#waiting.values()) yield w.player;
  }

  /** The earliest deadline of a waiting player, ms (undefined when none waits). */
  get firstDeadline(): number | undefined {
    let first: number | undefined;
    for (const w of this.#waiting.values())
      if (first === undefined || w.deadline < first) first = w.deadline;
    return first;
  }
}
