// Input-to-screen delay: from the moment a player presses thrust (an idle → thrust change at
// local time t) to the first frame in which another player's screen shows that ship moving
// under thrust. The room names the tick: T, the first tick whose step applied the player's
// thrust after the press (so tick T's state is the first in which the ship moves under it).
// An observer shows it once it renders at tick T or later (NetClient.renderTick ≥ T) with a
// snapshot of tick T or later in hand (its mirror tick ≥ T): a render clock past T without
// that data is extrapolating the old motion, which is not the change yet.

/** One press on its way to the other screens. */
interface Travel {
  readonly player: number;
  readonly pressedAt: number;
  readonly tick: number;
  /** Observers that have not shown it yet. */
  readonly waiting: Set<number>;
}

/** Tracks presses from the press to every other player's screen. */
export class InputDelay {
  /** Delays measured, ms, one per press and observer. */
  readonly samples: number[] = [];
  /** Of which from the press to the room's step applying it, ms, one per press. */
  readonly toRoom: number[] = [];
  readonly #players: readonly number[];
  /** Presses the room has not applied yet, per player, oldest first. */
  readonly #pressed = new Map<number, number[]>();
  /** Whether each player's last applied input held thrust. */
  readonly #thrusting = new Map<number, boolean>();
  #travelling: Travel[] = [];

  /** @param players the room's player ids (each observes the others) */
  constructor(players: readonly number[]) {
    this.#players = players;
    for (const p of players) {
      this.#pressed.set(p, []);
      this.#thrusting.set(p, false);
    }
  }

  /** Presses not yet shown on every other screen. */
  get pending(): number {
    let n = this.#travelling.length;
    for (const q of this.#pressed.values()) n += q.length;
    return n;
  }

  /** `player` changed from idle to thrust at local time `at`, ms. */
  pressed(player: number, at: number): void {
    this.#queue(player).push(at);
  }

  /**
   * The room's step of `tick` applied `thrust` (held or not) for `player` at local time
   * `now`. A rising edge is the earliest unapplied press; one without a press is an error
   * of the bench (inputs are applied in order, so edges and presses pair up one to one).
   */
  applied(player: number, tick: number, thrust: boolean, now: number): void {
    const was = this.#thrusting.get(player);
    this.#thrusting.set(player, thrust);
    if (!thrust || was) return;
    const queue = this.#queue(player);
    const at = queue.shift();
    if (at === undefined || at > now)
      throw new Error(`player ${player}: tick ${tick} applied thrust nobody pressed`);
    this.toRoom.push(now - at);
    const waiting = new Set(this.#players.filter((p) => p !== player));
    this.#travelling.push({ player, pressedAt: at, tick, waiting });
  }

  /** Observer `player` rendered at `renderTick` holding snapshots up to `heldTick`, at `now`. */
  rendered(player: number, renderTick: number, heldTick: number, now: number): void {
    if (this.#travelling.length === 0) return;
    let done = 0;
    for (const t of this.#travelling) {
      if (t.waiting.has(player) && renderTick >= t.tick && heldTick >= t.tick) {
        t.waiting.delete(player);
        this.samples.push(now - t.pressedAt);
      }
      if (t.waiting.size === 0) done++;
    }
    if (done > 0) this.#travelling = this.#travelling.filter((t) => t.waiting.size > 0);
  }

  #queue(player: number): number[] {
    const q = this.#pressed.get(player);
    if (!q) throw new Error(`player ${player} is not in the room`);
    return q;
  }
}
