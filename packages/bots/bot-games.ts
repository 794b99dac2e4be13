// Finds the game definition bots play: by name, among the games of this repository or the
// game modules (or bare definitions) a file exports. Each worker thread loads it itself:
// a definition holds functions and cannot be posted across threads.

import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { GameDefinition } from "@edgetick/game";
import { arena } from "../../games/arena/index.js";
import { connectFour } from "../../games/connect-four/index.js";

/** A game definition of any input type. */
export type AnyGame = GameDefinition<unknown>;

/** The games of this repository, used when no module file is given. */
const BUILT_IN: readonly AnyGame[] = [arena.game as AnyGame, connectFour.game as AnyGame];

/**
 * The definition named `name`: from `module` (a path, resolved from the working directory,
 * or a file: URL) when given, else among the built-in games. Throws naming the games found.
 */
export async function loadGame(name: string, module: string | undefined): Promise<AnyGame> {
  const games = module === undefined ? BUILT_IN : gamesIn(await import(moduleUrl(module)));
  const game = games.find((g) => g.name === name);
  if (game) return game;
  const found = games.map((g) => g.name).join(", ") || "none";
  throw new RangeError(`game "${name}" not found (games: ${found})`);
}

function moduleUrl(module: string): string {
  if (module.startsWith("file:")) return module;
  return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
}

/** Every game definition among a module's exports (modules, definitions, arrays of them). */
export function gamesIn(exports: Record<string, unknown>): AnyGame[] {
  const out: AnyGame[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (isGame(value)) {
      if (!out.includes(value)) out.push(value);
    } else if (isObject(value) && isGame(value.game)) visit(value.game);
  };
  for (const value of Object.values(exports)) visit(value);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isGame(value: unknown): value is AnyGame {
  return (
    isObject(value) &&
    typeof value.name === "string" &&
    typeof value.step === "function" &&
    isObject(value.input) &&
    isObject(value.schema)
  );
}
