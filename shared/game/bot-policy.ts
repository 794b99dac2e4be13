// A game's bot policy: how a load-testing bot (`edgetick-bots`, packages/bots) plays it.
// Optional on a GameDefinition; the bots call it on their own clock (not the room's tick)
// with a seeded random, so a run with the same seed draws the same choices.

import type { World } from "../world/world.js";

/** What a bot sees when it chooses its next input. */
export interface BotView<Input> {
  /** The bot's player id in the room. */
  readonly playerId: number;
  /** The newest server tick the bot's mirror holds. */
  readonly tick: number;
  /**
   * The bot's mirror of the room (read-only by convention): a policy finds its own entity
   * the way the game's client does (e.g. the arena's `shipOf(world, playerId)`).
   */
  readonly world: World;
  /** Seeded uniform draws in [0, 1); the only randomness a policy may use. */
  readonly random: () => number;
  /** The input the bot holds now (the game's idle input at first). */
  readonly held: Input;
}

/** A call of one of the game's client-to-server RPCs (`GameDefinition.rpc`), by name. */
export interface BotCall {
  readonly rpc: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * How bots play a game, every `decideEveryMs`: `input` chooses the input held (and sent at
 * the client's send rate) until the next choice, returning `view.held` keeps it; `act` may
 * call one of the game's RPCs, for games whose moves are RPCs rather than inputs (a bot
 * waits for a call's answer before it acts again). A game without a policy is played with its
 * idle input: its bots connect, hold their seats and measure the link, but do not move (the
 * CLI warns about it).
 */
export interface BotPolicy<Input> {
  /**
   * Milliseconds between two choices of a bot.
   * @default 100
   */
  readonly decideEveryMs?: number;
  /**
   * The next input to hold; must be an input the game's codec accepts.
   * @default the game's idle input, always
   */
  input?(view: BotView<Input>): Input;
  /** An RPC to call now, or undefined for none. */
  act?(view: BotView<Input>): BotCall | undefined;
}
