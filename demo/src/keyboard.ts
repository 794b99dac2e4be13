// Keyboard → input bits (the arena's buttons by default, the world page passes its walking
// directions). Keys are read by code so the layout does not matter.

import { ARENA_BUTTON } from "../../games/arena/index.js";

/** The arena's keys: arrows or WASD to steer, thrust and brake. */
export const ARENA_KEYS: Readonly<Record<string, number>> = {
  ArrowUp: ARENA_BUTTON.THRUST,
  KeyW: ARENA_BUTTON.THRUST,
  ArrowDown: ARENA_BUTTON.REVERSE,
  KeyS: ARENA_BUTTON.REVERSE,
  ArrowLeft: ARENA_BUTTON.LEFT,
  KeyA: ARENA_BUTTON.LEFT,
  ArrowRight: ARENA_BUTTON.RIGHT,
  KeyD: ARENA_BUTTON.RIGHT,
};

/** Tracks held keys and reports the bits of `keys` they hold after every change. */
export function watchKeyboard(
  target: Window,
  onChange: (buttons: number) => void,
  keys: Readonly<Record<string, number>> = ARENA_KEYS,
): void {
  const held = new Set<string>();
  const report = () => {
    let buttons = 0;
    for (const code of held) buttons |= keys[code] ?? 0;
    onChange(buttons);
  };
  target.addEventListener("keydown", (e) => {
    if (!(e.code in keys)) return;
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
