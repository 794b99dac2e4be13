// ReplicationClient.stale: which refused updates are only late (to ignore on an unreliable
// channel) and which are broken (a protocol error anywhere).
import { describe, expect, it } from "vitest";
import { boundedInt, defineComponent, defineNetworkSchema } from "../schema/index.js";
import { World } from "../world/index.js";
import { ReplicationClient, ReplicationServer } from "./index.js";

const Tag = defineComponent("Tag", { team: boundedInt({ min: 0, max: 7 }) });
const schema = defineNetworkSchema([Tag], { maxEntities: 16 });

/** A last-acked server with one entity, and a client; `next()` writes the next tick's update. */
function setup() {
  const world = new World({ capacity: 16 });
  const server = new ReplicationServer(world, schema, { baseline: "last-acked", baselineRing: 8 });
  const session = server.connect();
  const client = new ReplicationClient(new World({ capacity: 16, idReuseDelayTicks: 0 }), schema);
  const e = world.spawn();
  world.add(e, Tag, { team: 1 });
  const next = (team: number) => {
    world.set(e, Tag, { team });
    server.commit();
    return server.writeUpdate(session, null).slice();
  };
  const apply = (bytes: Uint8Array) => {
    const r = client.apply(bytes);
    if (!r.ok) throw new Error(r.error);
  };
  return { server, session, client, next, apply };
}

/** Refused by apply, and whether stale() calls it late. */
function verdict(client: ReplicationClient, bytes: Uint8Array) {
  const r = client.apply(bytes);
  return r.ok ? "applied" : client.stale(bytes) ? "stale" : "broken";
}

describe("ReplicationClient.stale", () => {
  it("calls a FULL not newer than the mirror stale, a duplicate included", () => {
    const { client, next, apply } = setup();
    const full0 = next(1);
    const full1 = next(2); // nothing acknowledged: FULL again
    apply(full1);
    expect(verdict(client, full0)).toBe("stale"); // reordered behind tick 1
    expect(verdict(client, full1)).toBe("stale"); // duplicated
    expect(client.tick).toBe(1);
  });

  it("calls a DELTA or BASELINE stale when the mirror is not at its baseline", () => {
    const { server, session, client, next, apply } = setup();
    apply(next(1)); // tick 0
    server.acknowledge(session, 0);
    const delta1 = next(2); // on 0
    const delta2 = next(3); // baseline 0 → 2 (1 not acknowledged)
    apply(delta2);
    expect(verdict(client, delta1)).toBe("stale"); // older than the mirror
    expect(verdict(client, delta2)).toBe("stale"); // the same tick again
    expect(client.world.store(Tag).team[client.entityOf(0)]).toBe(3);
  });

  it("calls a DELTA before any FULL stale: its FULL was lost", () => {
    const { server, session, next } = setup();
    const other = new ReplicationClient(new World({ capacity: 16, idReuseDelayTicks: 0 }), schema);
    next(1);
    server.acknowledge(session, 0);
    expect(verdict(other, next(2))).toBe("stale");
  });

  it("never calls a malformed update stale", () => {
    const { client, next, apply } = setup();
    apply(next(1));
    const late = next(2);
    expect(verdict(client, new Uint8Array([0b11]))).toBe("broken"); // kind 11
    expect(verdict(client, new Uint8Array(0))).toBe("broken"); // empty
    expect(verdict(client, late.subarray(0, 1))).toBe("broken"); // truncated header
    expect(verdict(client, late)).toBe("applied");
  });
});
