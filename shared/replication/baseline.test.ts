import { describe, expect, it } from "vitest";
import { boundedInt, defineComponent, defineNetworkSchema } from "../schema/index.js";
import { EntitySet, World } from "../world/index.js";
import { ReplicationClient, ReplicationServer } from "./index.js";

const Tag = defineComponent("Tag", { team: boundedInt({ min: 0, max: 7 }) });
const schema = defineNetworkSchema([Tag], { maxEntities: 16 });

function setup() {
  const world = new World({ capacity: 16 });
  const server = new ReplicationServer(world, schema, { baseline: "last-acked", baselineRing: 8 });
  const session = server.connect();
  const client = new ReplicationClient(new World({ capacity: 16, idReuseDelayTicks: 0 }), schema);
  const step = (visible: EntitySet | null, apply = true) => {
    server.commit();
    const bytes = server.writeUpdate(session, visible);
    if (!apply) return null;
    const r = client.apply(bytes);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  return { world, server, session, client, step };
}

describe("acknowledged baselines", () => {
  it("re-send an unchanged entity that left and re-entered view since the baseline", () => {
    const { world, server, session, client, step } = setup();
    const a = world.spawn();
    world.add(a, Tag, { team: 1 });
    const b = world.spawn();
    world.add(b, Tag, { team: 2 });
    const all = new EntitySet(16);
    all.add(a);
    all.add(b);
    const onlyB = new EntitySet(16);
    onlyB.add(b);
    expect(step(all)?.kind).toBe("full");
    server.acknowledge(session, 0);
    expect(step(onlyB)).toMatchObject({ kind: "delta", despawned: 1 }); // applied, not acknowledged
    expect(step(all)).toMatchObject({ kind: "baseline", tick: 2, spawned: 1 });
    expect(Array.from(client.networkIds())).toEqual([a, b]);
    expect(client.world.store(Tag).team[client.entityOf(a)]).toBe(1);
  });

  it("delta against the last acknowledged tick when the client missed updates", () => {
    const { world, server, session, client, step } = setup();
    const a = world.spawn();
    world.add(a, Tag, { team: 1 });
    step(null);
    server.acknowledge(session, 0);
    world.set(a, Tag, { team: 5 });
    step(null, false); // lost
    const b = world.spawn();
    world.add(b, Tag, { team: 6 });
    expect(step(null)).toMatchObject({ kind: "baseline", tick: 2, changed: 1, spawned: 1 });
    expect(client.world.store(Tag).team[client.entityOf(a)]).toBe(5);
  });

  it("fall back to a full state when nothing was acknowledged or the baseline left the ring", () => {
    const { world, server, session, step } = setup();
    world.add(world.spawn(), Tag);
    expect(step(null)?.kind).toBe("full");
    expect(step(null)?.kind).toBe("full");
    server.acknowledge(session, 1);
    expect(step(null)?.kind).toBe("delta");
    for (let i = 0; i < 9; i++) step(null, false);
    expect(step(null)?.kind).toBe("full");
  });

  it("ignore acknowledgements of ticks not sent, stale or out of the ring", () => {
    const { server, session, step } = setup();
    step(null);
    step(null);
    expect(server.acknowledge(session, 5)).toBe(false);
    expect(server.acknowledge(session, 1)).toBe(true);
    expect(server.acknowledge(session, 0)).toBe(false);
    expect(server.acknowledge(session, 1.5)).toBe(false);
    expect(session.lastAckedTick).toBe(1);
  });
});
