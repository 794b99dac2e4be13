// Keeps a running room findable in session search: a heartbeat into D1's `sessions` table
// when the room starts, soon after its player or spectator count changes, and every HEARTBEAT_MS while it
// runs; removal when it empties. Its own coarse timer, never the tick: a failed write only
// makes the room briefly invisible to search, so it is logged and not retried.

import { type SessionAccess, SessionRepository } from "../../server/sessions/session-repository.js";

/** How often a running room refreshes its registration, ms. */
export const SESSION_HEARTBEAT_MS = 15_000;
/** A registration not refreshed for this long disappears from search, ms (3 heartbeats). */
export const SESSION_TTL_MS = 45_000;
/** Joins and leaves within this window share one write, ms. */
export const SESSION_CHANGE_DEBOUNCE_MS = 1_000;

/** What the registry reads from the room when it writes. */
export interface RegistrySource {
  readonly game: string;
  readonly mode: string;
  /** The room's access and members, read at each write (backfill adds members). */
  access(): { readonly access: SessionAccess; readonly members: readonly string[] };
  players(): number;
  capacity(): number;
  spectators(): number;
}

/** One room's registration in session search. */
export class SessionRegistry {
  readonly #repo: SessionRepository;
  readonly #roomId: string;
  readonly #source: RegistrySource;
  #timer: ReturnType<typeof setInterval> | undefined;
  #pending: ReturnType<typeof setTimeout> | undefined;

  constructor(db: D1Database, roomId: string, source: RegistrySource) {
    this.#repo = new SessionRepository(db);
    this.#roomId = roomId;
    this.#source = source;
  }

  /** The room started running: register now and keep the registration fresh. */
  start(): void {
    if (this.#timer) return;
    void this.#beat();
    this.#timer = setInterval(() => void this.#beat(), SESSION_HEARTBEAT_MS);
  }

  /** The player or spectator count changed: write soon (debounced). */
  changed(): void {
    if (!this.#timer || this.#pending) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      void this.#beat();
    }, SESSION_CHANGE_DEBOUNCE_MS);
  }

  /** The room emptied: stop the heartbeat and leave search. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#pending) clearTimeout(this.#pending);
    this.#timer = undefined;
    this.#pending = undefined;
    this.#repo
      .remove(this.#roomId)
      .catch((e: unknown) =>
        console.error(`room ${this.#roomId}: leaving session search failed`, e),
      );
  }

  async #beat(): Promise<void> {
    const s = this.#source;
    try {
      await this.#repo.heartbeatRoom(
        this.#roomId,
        {
          game: s.game,
          mode: s.mode,
          ...s.access(),
          players: s.players(),
          capacity: s.capacity(),
          spectators: s.spectators(),
        },
        Date.now(),
        SESSION_TTL_MS,
      );
    } catch (e) {
      console.error(`room ${this.#roomId}: session heartbeat failed`, e);
    }
  }
}
