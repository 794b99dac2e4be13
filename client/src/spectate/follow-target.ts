// Following a player, for spectators and replays: which mirror entity a camera centres on.
// A player's entity is its avatar, found the way the game already tells the predictor
// (`netcode.predicted(world, playerId, e)`), or by the caller's own `avatarOf`. Roaming
// (following nobody) is `follow(null)`: the camera is the viewer's.

import type { GameDefinition } from "../../../shared/game/game-definition.js";
import type { Entity, World } from "../../../shared/world/world.js";

/**
 * Finds player `playerId`'s avatar in a mirror world, or −1 when it has none there (not
 * spawned yet, dead, out of the recording).
 * @example (world, playerId) => shipOf(world, playerId)
 */
export type AvatarOf = (world: World, playerId: number) => Entity;

/** The largest player id on the wire (a u16). */
const MAX_PLAYER_ID = 0xffff;

/**
 * The game's own answer: the first live entity its `netcode.predicted` marks as the
 * player's (the arena: the player's ship). Undefined when the game predicts nothing.
 */
export function avatarOfGame(game: GameDefinition<unknown>): AvatarOf | undefined {
  const predicted = game.netcode?.predicted;
  if (!predicted) return undefined;
  return (world, playerId) => {
    const words = world.alive.words;
    for (let wi = 0; wi < words.length; wi++) {
      let bits = words[wi]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (wi << 5) + 31 - Math.clz32(low);
        if (predicted(world, playerId, e)) return e;
      }
    }
    return -1;
  };
}

/** Who a viewer follows, and the entity that is now. */
export class FollowTarget {
  readonly #avatarOf: AvatarOf | undefined;
  readonly #game: string;
  #playerId: number | null = null;
  /** The last answer, and the world and tick it was found at: one search per tick at most. */
  #entity: Entity = -1;
  #world: World | undefined;
  #foundAt = Number.NaN;

  /** @param avatarOf how to find a player's entity (undefined: follow() refuses) @param game its name, for errors */
  constructor(avatarOf: AvatarOf | undefined, game: string) {
    this.#avatarOf = avatarOf;
    this.#game = game;
  }

  /** The followed player, or null while roaming. */
  get playerId(): number | null {
    return this.#playerId;
  }

  /**
   * Follows player `playerId` (kept when its avatar is gone: followed again when it comes
   * back), or roams with null.
   * @throws RangeError for an id that is not an integer in [1, 65535]; Error when the game
   *   gives no way to find a player's entity and no `avatarOf` was given.
   */
  follow(playerId: number | null): void {
    if (playerId !== null) {
      if (!Number.isInteger(playerId) || playerId < 1 || playerId > MAX_PLAYER_ID)
        throw new RangeError(`follow: playerId must be an integer in [1, 65535], got ${playerId}`);
      if (!this.#avatarOf)
        throw new Error(
          `follow: game "${this.#game}" declares no netcode.predicted, so a player's entity is unknown: pass avatarOf`,
        );
    }
    this.#playerId = playerId;
    this.invalidate();
  }

  /** Forgets the last answer (the world was rebuilt at a tick it may have seen before: a seek). */
  invalidate(): void {
    this.#foundAt = Number.NaN;
  }

  /** The followed player's entity in `world` now, or −1 (roaming, or no avatar). */
  entity(world: World): Entity {
    const playerId = this.#playerId;
    if (playerId === null) return -1;
    // Entities change only when the mirror applies a tick: the answer holds until then.
    if (this.#world === world && this.#foundAt === world.tick) return this.#entity;
    this.#entity = this.#avatarOf!(world, playerId);
    this.#world = world;
    this.#foundAt = world.tick;
    return this.#entity;
  }
}
