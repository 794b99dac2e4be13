import { describe, expect, it } from "vitest";
import { ReplicationClient } from "../../../../shared/replication/replication-client.js";
import { ReplicationServer } from "../../../../shared/replication/replication-server.js";
import {
  boundedString,
  defineComponent,
  defineNetworkSchema,
  uint8,
  vec2,
} from "../../../../shared/schema/index.js";
import { World } from "../../../../shared/world/world.js";
import { adoptEntities, chooseAdopter } from "./handover.js";

const Body = defineComponent("Body", { pos: vec2({ min: 0, max: 100, step: 0.5 }), hp: uint8() });
const Name = defineComponent("Name", { text: boundedString({ maxBytes: 8 }) });
const schema = defineNetworkSchema([Body, Name], { maxEntities: 8 });

/** A leaver's world with three entities, mirrored by a ReplicationClient. */
function mirrorOfLeaver() {
  const leaver = new World({ capacity: 8 });
  const a = leaver.spawn();
  leaver.add(a, Body, { pos: { x: 10.5, y: 20 }, hp: 7 });
  const b = leaver.spawn();
  leaver.add(b, Name, { text: "bee" });
  const c = leaver.spawn();
  leaver.add(c, Body, { pos: { x: 1, y: 2 }, hp: 3 });
  leaver.add(c, Name, { text: "sea" });
  const server = new ReplicationServer(leaver, schema);
  server.commit();
  const mirror = new ReplicationClient(new World({ capacity: 8, idReuseDelayTicks: 0 }), schema);
  const applied = mirror.apply(server.writeUpdate(server.connect(), null));
  if (!applied.ok) throw new Error(applied.error);
  return { mirror, ids: [a, b, c] };
}

describe("handover", () => {
  it("chooses the lowest remaining peer id, or nobody when none remains", () => {
    expect(chooseAdopter([4, 2, 7])).toBe(2);
    expect(chooseAdopter([5])).toBe(5);
    expect(chooseAdopter([])).toBeNull();
  });

  it("copies every mirrored entity with its components and values into the local world", () => {
    const { mirror, ids } = mirrorOfLeaver();
    const local = new World({ capacity: 8 });
    local.add(local.spawn(), Body, { hp: 99 }); // the adopter's own entity stays as it is
    local.flushEvents();
    const spawned: number[] = [];
    local.on("spawn", (e) => spawned.push(e));
    const adoption = adoptEntities(mirror, local, schema);
    expect(adoption.refused).toBe(0);
    expect(adoption.entities.map((a) => a.previous)).toEqual(ids);
    const [a, b, c] = adoption.entities.map((x) => x.entity);
    const body = local.store(Body);
    const name = local.store(Name);
    expect([body.pos.x[a!], body.pos.y[a!], body.hp[a!], local.has(a!, Name)]).toEqual([
      10.5,
      20,
      7,
      false,
    ]);
    expect([local.has(b!, Body), name.text[b!]]).toEqual([false, "bee"]);
    expect([body.hp[c!], name.text[c!]]).toEqual([3, "sea"]);
    expect(body.hp[0]).toBe(99);
    // Spawn events come with the next flush (the mesh's next tick), components in place.
    expect(spawned).toEqual([]);
    local.flushEvents();
    expect(spawned).toEqual([a, b, c]);
  });

  it("leaves behind, and counts, what a full local world cannot take", () => {
    const { mirror, ids } = mirrorOfLeaver();
    const local = new World({ capacity: 2 });
    local.spawn();
    const adoption = adoptEntities(mirror, local, schema);
    expect(adoption.entities.map((a) => a.previous)).toEqual([ids[0]]);
    expect(adoption.refused).toBe(2);
  });
});
