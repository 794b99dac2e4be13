// The player list of the pages that watch (live with a delay, or a replay): one button per
// player, a click follows that player's ship; the followed one is pressed. Redrawn only when
// the players or the followed one change, so a click is never lost to a redraw.

import { playerColor } from "./render.js";

/** Draws `players` into `list`, calling `onFollow(playerId)` on a click. */
export class FollowList {
  readonly #list: HTMLElement;
  readonly #onFollow: (playerId: number) => void;
  #drawn = "";

  constructor(list: HTMLElement, onFollow: (playerId: number) => void) {
    this.#list = list;
    this.#onFollow = onFollow;
  }

  /** Shows `players` (id → name) with `following` pressed (null: roaming). */
  show(players: ReadonlyMap<number, string>, following: number | null): void {
    const key = `${following}|${[...players].map(([id, name]) => `${id}:${name}`).join(",")}`;
    if (key === this.#drawn) return;
    this.#drawn = key;
    this.#list.replaceChildren(
      ...[...players].map(([id, name]) => {
        const li = document.createElement("li");
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = playerColor(id);
        const button = document.createElement("button");
        button.type = "button";
        button.className = "follow";
        button.dataset.playerId = String(id);
        button.textContent = name;
        button.setAttribute("aria-pressed", String(id === following));
        button.onclick = () => this.#onFollow(id);
        li.append(swatch, button);
        return li;
      }),
    );
  }
}
