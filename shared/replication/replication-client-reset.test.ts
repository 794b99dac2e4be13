// ReplicationClient.reset: a forgotten mirror takes a full state of any tick, earlier ones
// included (a replay seeking back), however often, in a world with no spare capacity.
import { describe, expect, it } from "vitest";
import { boundedInt, defineComponent, defineNetworkSchema } from "../schema/index.js";
import { World } from "../world/index.js";
import { ReplicationClient, ReplicationServer } from "./index.js";

const Tag = defineComponent("Tag", { team: boundedInt({ min: 0, max: 7 }) });
const CAPACITY = 4;
const schema = defineNetworkSchema([Tag], { maxEntities: CAPACITY });

/** A server world filled to capacity, and a FULL update of it at each tick 0..`ticks`−1. */
function fullsByTick(ticks: number): Uint8Array[] {
  const world = new World({ capacity: CAPACITY });
  const server = new ReplicationServer(world, schema);
  const entities = Array.from({ length: CAPACITY }, () => world.spawn());
  for (const e of entities) world.add(e, Tag, { team: 0 });
  const fulls: Uint8Array[] = [];
  for (let t = 0; t < ticks; t++) {
    for (const e of entities) world.set(e, Tag, { team: t % 8 });
    server.commit();
    // A fresh session's first update is a FULL of the tick just committed.
    fulls.push(server.writeUpdate(server.connect(), null).slice());
  }
  return fulls;
}

describe("ReplicationClient.reset", () => {
  it("accepts a full state of an earlier tick after a reset, again and again, in a full world", () => {
    const fulls = fullsByTick(10);
    const client = new ReplicationClient(
      new World({ capacity: CAPACITY, idReuseDelayTicks: 0 }),
      schema,
    );
    // Forward to tick 9, back to tick 1, forward, back…: each time every id is taken again.
    for (const t of [9, 1, 8, 0, 9, 2, 5, 3]) {
      client.reset();
      const applied = client.apply(fulls[t]!);
      expect(applied.ok && applied.value.tick).toBe(t);
      expect(client.size).toBe(CAPACITY);
      const team = client.world.store(Tag).team;
      for (const id of client.networkIds()) expect(team[client.entityOf(id)]).toBe(t % 8);
    }
  });
});
