// The games one deployment serves, by name: built once from the studio's list of game
// modules (createEdgetick({ games })), validated up front so a bad module fails the deploy's
// first request with a message naming the field, not a room at run time. Routes look games
// and modes up here (an unknown name is a 4xx there); rooms find their game by the name
// they were created with.

import type { GameDefinition } from "../../shared/game/game-definition.js";
import type { GameModule, RoomAccess } from "../../shared/game/game-module.js";
import type { DocumentSchema, PlayerDocuments } from "../../shared/game/player-documents.js";
import {
  type ResolvedMatchModeOptions,
  resolveMatchModeOptions,
} from "../../shared/matchmaking/mode-options.js";
import { resolveRoomOptions } from "../../shared/room/room-options.js";
import { DocumentSchemas } from "../player-data/document-schemas.js";

/** Game and mode names: what fits in a HELLO, a URL segment and a queue name. */
export const GAME_NAME_PATTERN = /^[a-z0-9-]{1,32}$/;

/** The modes a module gets when it declares none: one against one. */
export const DEFAULT_GAME_MODES = { duel: { teamSize: 1, teamCount: 2 } } as const;

/** One registered game, its settings resolved. */
export interface RegisteredGame {
  readonly name: string;
  /** The definition rooms run; the input type is the module's own, opaque here. */
  readonly definition: GameDefinition<unknown>;
  readonly access: RoomAccess;
  /** Matchmaking modes by name, resolved (team shape, windows, timeouts). */
  readonly modes: ReadonlyMap<string, ResolvedMatchModeOptions>;
  readonly playerData: PlayerDocuments | undefined;
}

/** A module whose input type the registry does not need to know. */
// biome-ignore lint/suspicious/noExplicitAny: a list of modules mixes input types; each module's own type is checked where it is written.
export type AnyGameModule = GameModule<any>;

/** The registered games, by name. */
export class GameRegistry {
  readonly #games = new Map<string, RegisteredGame>();
  readonly #documents: DocumentSchemas;
  readonly #default: RegisteredGame;

  /**
   * Validates every module; throws a RangeError naming the game and the field.
   * @example
   * new GameRegistry([arena, connectFour])
   */
  constructor(modules: readonly AnyGameModule[]) {
    if (modules.length === 0) throw new RangeError("games: at least one game module is needed");
    const schemas: Record<string, DocumentSchema> = {};
    for (const m of modules) {
      const game = registered(m);
      if (this.#games.has(game.name))
        throw new RangeError(`games: "${game.name}" is registered twice`);
      for (const [key, schema] of Object.entries(game.playerData?.schemas ?? {})) {
        if (!key.startsWith(`${game.name}.`))
          throw new RangeError(
            `${game.name}.playerData: key "${key}" must start with "${game.name}."`,
          );
        schemas[key] = schema;
      }
      this.#games.set(game.name, game);
    }
    this.#documents = new DocumentSchemas(schemas);
    this.#default = this.#games.get(modules[0]!.game.name)!;
  }

  /** The first game of the list: what a room opened by id without a game runs. */
  get default(): RegisteredGame {
    return this.#default;
  }

  /** The game called `name`, or undefined. */
  get(name: string): RegisteredGame | undefined {
    return this.#games.get(name);
  }

  /** Every registered game, in the order given. */
  list(): RegisteredGame[] {
    return [...this.#games.values()];
  }

  /** The document schemas of every game (keys are prefixed by their game's name). */
  get documents(): DocumentSchemas {
    return this.#documents;
  }
}

function registered(m: AnyGameModule): RegisteredGame {
  const name = m.game?.name;
  if (typeof name !== "string" || !GAME_NAME_PATTERN.test(name))
    throw new RangeError(`games: game name "${String(name)}" must be 1–32 of a-z, 0-9, -`);
  const access = m.access ?? "public";
  if (access !== "public" && access !== "ticket")
    throw new RangeError(`${name}.access must be "public" or "ticket"`);
  // Checked here, not when the first room is built: a bad module fails the Worker's start.
  const room = resolveRoomOptions(m.game.roomOptions);
  if (Math.abs(m.game.schema.tickSeconds - 1 / room.tickRate) > 1e-9)
    throw new RangeError(
      `${name}.schema.tickSeconds (${m.game.schema.tickSeconds}) must equal 1 / roomOptions.tickRate (${1 / room.tickRate})`,
    );
  const modes = new Map<string, ResolvedMatchModeOptions>();
  for (const [mode, options] of Object.entries(m.modes ?? DEFAULT_GAME_MODES)) {
    if (!GAME_NAME_PATTERN.test(mode))
      throw new RangeError(`${name}.modes: mode name "${mode}" must be 1–32 of a-z, 0-9, -`);
    const resolved = resolveMatchModeOptions(options, `${name}.modes.${mode}`);
    const seats = resolved.teamSize * resolved.teamCount;
    if (seats > room.maxPlayers)
      throw new RangeError(
        `${name}.modes.${mode}: teamSize × teamCount (${seats}) exceeds roomOptions.maxPlayers (${room.maxPlayers})`,
      );
    modes.set(mode, resolved);
  }
  if (modes.size === 0) throw new RangeError(`${name}.modes must name at least one mode`);
  return { name, definition: m.game, access, modes, playerData: m.playerData };
}
