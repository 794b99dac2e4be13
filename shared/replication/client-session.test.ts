// A server whose deltas go against the last update sent ("last-sent", the room's WebSocket
// case) keeps no per-tick views of what its clients held: every update builds on the last
// one, so a client that missed ticks catches up from what it holds now. These tests skip a
// client for ticks in which entities change, leave its view and despawn, and check that it
// ends up holding exactly the server's state; and that a "last-acked" server still deltas
// against an older acknowledged tick.
import { describe, expect, it } from "vitest";
import { defineComponent, defineNetworkSchema, uint8, vec2 } from "../schema/index.js";
import { EntitySet, World } from "../world/index.js";
import { ReplicationClient, ReplicationServer, type ReplicationServerOptions } from "./index.js";

const Body = defineComponent("Body", {
  hp: uint8(),
  pos: vec2({ min: 0, max: 100, step: 1 / 64 }),
});
const schema = defineNetworkSchema([Body], { tickSeconds: 1 / 30, maxEntities: 64 });

/** A server with six entities, one client and its view (ids 0..4 to start). */
function room(options: ReplicationServerOptions) {
  const world = new World({ capacity: 64, idReuseDelayTicks: 32 });
  for (let i = 0; i < 6; i++) world.add(world.spawn(), Body, { hp: i, pos: { x: i, y: 1 } });
  const server = new ReplicationServer(world, schema, options);
  const session = server.connect();
  const client = new ReplicationClient(new World({ capacity: 64, idReuseDelayTicks: 0 }), schema);
  const view = new EntitySet(64);
  for (let i = 0; i < 5; i++) view.add(i);
  const send = () => {
    const applied = client.apply(server.writeUpdate(session, view));
    if (!applied.ok) throw new Error(applied.error);
    return applied.value;
  };
  return { world, server, session, client, view, send };
}

describe("ClientSession baselines", () => {
  it("lets a last-sent client that missed ticks catch up from what it holds", () => {
    const { world, server, client, view, send } = room({ baseline: "last-sent" });
    server.commit();
    send();
    server.commit();
    send();
    // Two ticks the client is not sent: values change, one entity leaves the view, one is
    // despawned, one enters.
    world.set(1, Body, { hp: 40, pos: { x: 7, y: 7 } });
    view.delete(2);
    world.despawn(3);
    view.add(5);
    server.commit();
    world.set(4, Body, { hp: 44, pos: { x: 9, y: 9 } });
    server.commit();
    const summary = send();
    expect(summary.kind).toBe("baseline");
    expect(Array.from(client.networkIds())).toEqual([0, 1, 4, 5]);
    for (const id of [0, 1, 4, 5])
      expect(client.world.store(Body).hp[client.entityOf(id)]).toBe(world.store(Body).hp[id]);
    // And deltas go on from there.
    world.set(0, Body, { hp: 9, pos: { x: 3, y: 3 } });
    server.commit();
    expect(send().kind).toBe("delta");
    expect(client.world.store(Body).hp[client.entityOf(0)]).toBe(9);
  });

  it("lets a last-acked client take a delta against an older acknowledged tick", () => {
    const { world, server, session, client, send } = room({ baseline: "last-acked" });
    server.commit();
    send();
    expect(server.acknowledge(session, server.tick)).toBe(true);
    const acked = server.tick;
    server.commit();
    send();
    world.set(2, Body, { hp: 22, pos: { x: 5, y: 5 } });
    server.commit();
    // The client reports nothing newer: the update goes against the acknowledged tick.
    const summary = send();
    expect(summary.kind).toBe("baseline");
    expect(server.tick - acked).toBe(2);
    expect(client.world.store(Body).hp[client.entityOf(2)]).toBe(22);
  });
});
