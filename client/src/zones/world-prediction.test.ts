import { describe, expect, it } from "vitest";
import {
  Avatar,
  spawnPoint,
  taggedAvatar,
  WALK,
  WORLD_ZONE_SIZE,
  walkerTag,
  worldGame,
} from "../../../games/world/index.js";
import { ZoneHarness } from "../../../test/support/zones/zone-harness.js";

/** The first name `walker-N` whose spawn point lies in x ∈ [lo, hi), y ∈ [150, 250). */
function nameSpawningIn(lo: number, hi: number): string {
  for (let i = 0; ; i++) {
    const name = `walker-${i}`;
    const { x, y } = spawnPoint(walkerTag(name));
    if (x >= lo && x < hi && y >= 150 && y < 250) return name;
  }
}

describe("prediction in a world of zones", () => {
  // Zones number their players on their own: the first player of 0.0 and the first of 1.0
  // both hold id 1, and each is ghosted into the other's zone. A ghost that kept its own
  // zone's owner id was predicted by the other zone's player as its avatar: it walked with
  // that player's keys on that player's screen.
  it("never predicts a neighbour's ghost whose owner id in its own zone is the player's here", () => {
    const edge = WORLD_ZONE_SIZE;
    const a = nameSpawningIn(edge - 40, edge - 20);
    const b = nameSpawningIn(edge + 20, edge + 40);
    const h = new ZoneHarness(worldGame, {
      link: { reliable: { latencyMs: 20 } },
      prediction: true,
      avatarOf: (name) => (world) => taggedAvatar(world, walkerTag(name)),
    });
    const pa = h.join(a, "0.0");
    h.join(b, "1.0");
    h.step(1000);
    const ids = ["0.0", "1.0"].map((z) => h.zones.get(z)!.core.room.players()[0]!.playerId);
    expect(ids).toEqual([1, 1]);
    // a walks north; b stands: a's screen must show b's ghost standing.
    pa.world.setInput({ walk: WALK.UP });
    const seen: number[] = [];
    for (let ms = 0; ms < 600; ms++) {
      h.step(1);
      const ghost = taggedAvatar(pa.world.world!, walkerTag(b));
      expect(ghost).toBeGreaterThanOrEqual(0);
      expect(pa.world.net!.predictor!.slotOf(ghost)).toBe(-1);
      seen.push(pa.world.view!.store(Avatar).pos.y[ghost]!);
    }
    expect(Math.max(...seen) - Math.min(...seen)).toBe(0);
    // And a's own avatar is predicted.
    const own = taggedAvatar(pa.world.world!, walkerTag(a));
    expect(pa.world.net!.predictor!.slotOf(own)).toBeGreaterThanOrEqual(0);
  });
});
