// The world page's way back into its world when its world client ends: a zone refused a
// resume it could not honour (4103, "rejoin the world": its object restarted without the
// player, or the seat's grace ran out) and the client had no next link to move to. The page
// joins again through the world's placement, as a first visit does, and draws the new
// client. A failed join is tried again after a back-off (1 s doubling to 15 s), so a world
// that is briefly unreachable (a deploy) is re-entered once it answers.

/** What a rejoin does with the page's clients. */
export interface RejoinOptions<C> {
  /** Joins the world (placement) and returns a started client. */
  enter(): Promise<C>;
  /** Whether `client` ended for good (WorldClient.ended is set). */
  ended(client: C): boolean;
  close(client: C): void;
  /** Calls `fn` after `ms` (setTimeout). */
  later(fn: () => void, ms: number): void;
}

/** The wait before a failed join is tried again: min doubling to max, ms. */
export const REJOIN_BACKOFF_MS = { min: 1_000, max: 15_000 } as const;

/** The page's current world client, replaced by a new join when it ends. */
export class WorldRejoin<C> {
  /** The client to drive and draw. */
  client: C;
  /** Joins made after the first. */
  rejoins = 0;
  /** Failed joins since the client ended (0 while connected), and the last one's error. */
  failures = 0;
  lastError: unknown;
  readonly #options: RejoinOptions<C>;
  #rejoining = false;

  constructor(first: C, options: RejoinOptions<C>) {
    this.client = first;
    this.#options = options;
  }

  /** Whether a rejoin is under way (the page says so instead of the walk). */
  get rejoining(): boolean {
    return this.#rejoining;
  }

  /** Called each frame: an ended client starts one rejoin. True while one is under way. */
  check(): boolean {
    if (this.#rejoining) return true;
    if (!this.#options.ended(this.client)) return false;
    this.#rejoining = true;
    this.#options.close(this.client);
    void this.#attempt();
    return true;
  }

  async #attempt(): Promise<void> {
    try {
      this.client = await this.#options.enter();
      this.rejoins++;
      this.failures = 0;
      this.#rejoining = false;
    } catch (e) {
      this.failures++;
      this.lastError = e;
      const { min, max } = REJOIN_BACKOFF_MS;
      const wait = Math.min(max, min * 2 ** (this.failures - 1));
      this.#options.later(() => void this.#attempt(), wait);
    }
  }
}
