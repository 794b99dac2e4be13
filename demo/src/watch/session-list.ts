// The live rooms a signed-in guest may watch, from session search (GET /v1/sessions): one row
// per arena room with its players, seats and spectators, and a Watch button. Refreshed every
// few seconds while the list shows, redrawn only when a row changed.

import type { HttpClient, LiveSession } from "@edgetick/client";

/** How often the list asks again, ms. */
const REFRESH_MS = 2000;

/** Lists the arena's live rooms into `table`'s body; `onWatch(session)` on a Watch click. */
export class SessionList {
  readonly #http: HttpClient;
  readonly #body: HTMLElement;
  readonly #empty: HTMLElement;
  readonly #onWatch: (session: LiveSession) => void;
  #sessions: readonly LiveSession[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #drawn = "";

  constructor(
    http: HttpClient,
    body: HTMLElement,
    empty: HTMLElement,
    onWatch: (session: LiveSession) => void,
  ) {
    this.#http = http;
    this.#body = body;
    this.#empty = empty;
    this.#onWatch = onWatch;
  }

  /** The rooms listed last. */
  get sessions(): readonly LiveSession[] {
    return this.#sessions;
  }

  /** Lists now and every REFRESH_MS until {@link stop}. */
  start(onError: (e: unknown) => void): void {
    const tick = async () => {
      try {
        const page = await this.#http.searchSessions({ game: "arena", kind: "room", limit: 50 });
        this.#show(page.sessions);
      } catch (e) {
        onError(e);
      }
      if (this.#timer !== undefined) this.#timer = setTimeout(tick, REFRESH_MS);
    };
    this.#timer = setTimeout(tick, 0);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #show(sessions: readonly LiveSession[]): void {
    this.#sessions = sessions;
    const key = JSON.stringify(
      sessions.map((s) => [s.sessionId, s.mode, s.access, s.players, s.capacity, s.spectators]),
    );
    if (key === this.#drawn) return;
    this.#drawn = key;
    this.#empty.hidden = sessions.length > 0;
    this.#body.replaceChildren(
      ...sessions.map((s) => {
        const row = document.createElement("tr");
        row.dataset.roomId = s.sessionId;
        const cells = [s.sessionId, s.mode, s.access, `${s.players} / ${s.capacity}`];
        for (const text of [...cells, String(s.spectators)]) {
          const td = document.createElement("td");
          td.textContent = text;
          row.append(td);
        }
        const td = document.createElement("td");
        const watch = document.createElement("button");
        watch.type = "button";
        watch.className = "watch";
        watch.textContent = "Watch";
        watch.onclick = () => this.#onWatch(s);
        td.append(watch);
        row.append(td);
        return row;
      }),
    );
  }
}
