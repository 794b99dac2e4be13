// Keyboard → arena buttons. Keys are read by code so the layout does not matter.

import { ARENA_BUTTON } from "../../games/arena/index.js";

const KEYS: Record<string, number> = {
  ArrowUp: ARENA_BUTTON.THRUST,
  KeyW: ARENA_BUTTON.THRUST,
  ArrowDown: ARENA_BUTTON.REVERSE,
  KeyS: ARENA_BUTTON.REVERSE,
  ArrowLeft: ARENA_BUTTON.LEFT,
  KeyA: ARENA_BUTTON.LEFT,
  ArrowRight: ARENA_BUTTON.RIGHT,
  KeyD: ARENA_BUTTON.RIGHT,
};

/** Tracks held keys and reports the button bits after every change. */
export function watchKeyboard(target: Window, onChange: (buttons: number) => void): void {
  const held = new Set<string>();
  const report = () => {
    let buttons = 0;
    for (const code of held) buttons |= KEYS[code] ?? 0;
    onChange(buttons);
  };
  target.addEventListener("keydown", (e) => {
    if (!(e.code in KEYS)) return;
    e.preventDefault();
    held.add(e.code);
    report();
  });
  target.addEventListener("keyup", (e) => {
    if (held.delete(e.code)) report();
  });
  // Keys released while the tab is hidden never send keyup.
  target.addEventListener("blur", () => {
    held.clear();
    report();
  });
}
