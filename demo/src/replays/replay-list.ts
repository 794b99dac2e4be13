// The recorded arena matches the guest may watch (GET /v1/replays): all of them, or only its
// own with "Mine only" (`mine=true`), newest first, each with an Open button. Refreshed every
// few seconds while the list shows: a match appears once its room has emptied and stored it.

import type { HttpClient, ReplaySummary } from "@edgetick/client";

/** How often the list asks again, ms. */
const REFRESH_MS = 3000;

/** Lists replays into `body`; `onOpen(replay)` on an Open click. */
export class ReplayList {
  readonly #http: HttpClient;
  readonly #body: HTMLElement;
  readonly #empty: HTMLElement;
  readonly #mine: HTMLInputElement;
  readonly #onOpen: (replay: ReplaySummary) => void;
  #replays: readonly ReplaySummary[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #drawn = "";

  constructor(
    http: HttpClient,
    parts: { body: HTMLElement; empty: HTMLElement; mine: HTMLInputElement },
    onOpen: (replay: ReplaySummary) => void,
  ) {
    this.#http = http;
    this.#body = parts.body;
    this.#empty = parts.empty;
    this.#mine = parts.mine;
    this.#onOpen = onOpen;
  }

  /** The replays listed last. */
  get replays(): readonly ReplaySummary[] {
    return this.#replays;
  }

  /** Lists now and every REFRESH_MS until {@link stop}; again at once when Mine changes. */
  start(onError: (e: unknown) => void): void {
    const tick = async () => {
      clearTimeout(this.#timer);
      try {
        const mine = this.#mine.checked;
        const page = await this.#http.listReplays({ game: "arena", mine, limit: 50 });
        if (mine === this.#mine.checked) this.#show(page.replays);
      } catch (e) {
        onError(e);
      }
      if (this.#timer !== undefined) this.#timer = setTimeout(tick, REFRESH_MS);
    };
    this.#mine.onchange = () => void tick();
    this.#timer = setTimeout(tick, 0);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #show(replays: readonly ReplaySummary[]): void {
    this.#replays = replays;
    const key = replays.map((r) => r.replayId).join(",");
    if (key === this.#drawn) return;
    this.#drawn = key;
    this.#empty.hidden = replays.length > 0;
    this.#body.replaceChildren(
      ...replays.map((r) => {
        const row = document.createElement("tr");
        row.dataset.replayId = r.replayId;
        const cells = [
          new Date(r.startedAt).toLocaleString(),
          r.roomId,
          r.mode,
          `${(r.durationMs / 1000).toFixed(1)} s`,
          r.players.map((p) => p.name).join(", "),
        ];
        for (const text of cells) {
          const td = document.createElement("td");
          td.textContent = text;
          row.append(td);
        }
        const td = document.createElement("td");
        const open = document.createElement("button");
        open.type = "button";
        open.className = "open";
        open.textContent = "Open";
        open.onclick = () => this.#onOpen(r);
        td.append(open);
        row.append(td);
        return row;
      }),
    );
  }
}
