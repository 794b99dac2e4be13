// The arena's fair-play rules (docs/fair-play.md). Ships move by the room's own physics, so the
// speed and teleport detectors guard the step itself (a knockback or a wall bounce never takes
// a ship past MAX_SPEED); the weapon's rate is a declared action the `fire` handler checks.
// Inputs need no validation beyond the codec's: four button bits, any combination allowed.

import type { FairPlayRules } from "@edgetick/game";
import type { ArenaInput } from "./arena-input.js";
import { Ship } from "./arena-state.js";
import { MAX_SPEED, shipOf } from "./arena-step.js";
import { ARENA_WEAPON } from "./arena-weapon.js";

export const arenaFairPlay: FairPlayRules<ArenaInput> = {
  motion: {
    sample(world, playerId, out) {
      const e = shipOf(world, playerId);
      if (e < 0) return false;
      const { x, y } = world.store(Ship).pos;
      out.x = x[e]!;
      out.y = y[e]!;
      out.epoch = e;
      return true;
    },
    maxSpeed: MAX_SPEED,
  },
  actions: { fire: { perSecond: ARENA_WEAPON.perSecond, burst: 1 } },
};
