// Relevancy beyond distance: entities a player always holds (its own, its teammates', global
// objects) and never holds (hidden ones, another team's secrets). Never wins over always.
// A game keeps one instance, sets flags as entities and players come and go, and hands it to
// the room's interest (SpatialInterest.rules).

import { EntitySet } from "../world/entity-set.js";

const NONE = -1;

/**
 * @example
 * const rules = new RelevancyRules(world.capacity);
 * rules.setOwner(avatar, playerId);   // always relevant to the owner and its team
 * rules.setPlayerTeam(playerId, 1);
 * rules.setGlobal(flag, true);        // always relevant to everyone
 * rules.setSecret(mine, 2);           // never relevant outside team 2
 */
export class RelevancyRules {
  readonly capacity: number;
  readonly #global: EntitySet;
  readonly #hidden: EntitySet;
  readonly #secret: EntitySet;
  /** Team that may see each secret entity. */
  readonly #secretTeam: Int32Array;
  /** Owner of each entity, NONE for none. */
  readonly #owner: Int32Array;
  readonly #owned = new Map<number, EntitySet>();
  readonly #team = new Map<number, number>();

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#global = new EntitySet(capacity);
    this.#hidden = new EntitySet(capacity);
    this.#secret = new EntitySet(capacity);
    this.#secretTeam = new Int32Array(capacity).fill(NONE);
    this.#owner = new Int32Array(capacity).fill(NONE);
  }

  /** Makes `entity` relevant to every player (`on`) or not. */
  setGlobal(entity: number, on: boolean): void {
    if (on) this.#global.add(entity);
    else this.#global.delete(entity);
  }

  /** Hides `entity` from every player, owner included (`on`), or stops hiding it. */
  setHidden(entity: number, on: boolean): void {
    if (on) this.#hidden.add(entity);
    else this.#hidden.delete(entity);
  }

  /** Makes `entity` visible only to players of `team` (null: no longer secret). */
  setSecret(entity: number, team: number | null): void {
    if (team === null) {
      this.#secret.delete(entity);
      this.#secretTeam[entity] = NONE;
    } else {
      this.#secret.add(entity);
      this.#secretTeam[entity] = team;
    }
  }

  /** Gives `entity` to `playerId` (null: no owner): always relevant to it and its team. */
  setOwner(entity: number, playerId: number | null): void {
    const was = this.#owner[entity]!;
    if (was !== NONE) this.#owned.get(was)?.delete(entity);
    if (playerId === null) {
      this.#owner[entity] = NONE;
      return;
    }
    this.#owner[entity] = playerId;
    let set = this.#owned.get(playerId);
    if (set === undefined) {
      set = new EntitySet(this.capacity);
      this.#owned.set(playerId, set);
    }
    set.add(entity);
  }

  /** Puts `playerId` on `team` (null: no team). */
  setPlayerTeam(playerId: number, team: number | null): void {
    if (team === null) this.#team.delete(playerId);
    else this.#team.set(playerId, team);
  }

  /** The team of `playerId`, or undefined. */
  teamOf(playerId: number): number | undefined {
    return this.#team.get(playerId);
  }

  /** Forgets a player who left (its entities lose their owner). */
  removePlayer(playerId: number): void {
    const owned = this.#owned.get(playerId);
    owned?.forEach((e) => {
      this.#owner[e] = NONE;
    });
    this.#owned.delete(playerId);
    this.#team.delete(playerId);
  }

  /** Clears every flag of `entity` (call when it despawns, before its id is reused). */
  forgetEntity(entity: number): void {
    this.setOwner(entity, null);
    this.setSecret(entity, null);
    this.#global.delete(entity);
    this.#hidden.delete(entity);
  }

  /** Adds what `playerId` always holds: global, own and teammates' entities. */
  addAlways(playerId: number, out: EntitySet): void {
    orInto(out, this.#global);
    const team = this.#team.get(playerId);
    if (team === undefined) {
      const own = this.#owned.get(playerId);
      if (own !== undefined) orInto(out, own);
      return;
    }
    for (const [player, set] of this.#owned) {
      if (player === playerId || this.#team.get(player) === team) orInto(out, set);
    }
  }

  /** Removes what `playerId` never holds: hidden entities and other teams' secrets. */
  removeNever(playerId: number, out: EntitySet): void {
    const o = out.words;
    const hidden = this.#hidden.words;
    const secret = this.#secret.words;
    const team = this.#team.get(playerId) ?? NONE;
    for (let w = 0; w < o.length; w++) {
      let v = o[w]! & ~hidden[w]!;
      let bits = v & secret[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const e = (w << 5) + 31 - Math.clz32(low);
        if (this.#secretTeam[e] !== team) v &= ~low;
        bits ^= low;
      }
      o[w] = v >>> 0;
    }
  }
}

function orInto(out: EntitySet, from: EntitySet): void {
  const o = out.words;
  const f = from.words;
  for (let w = 0; w < o.length; w++) o[w] = (o[w]! | f[w]!) >>> 0;
}
