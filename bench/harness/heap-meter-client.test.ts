// The real client's per-tick receive path allocates nothing once optimized: a SNAPSHOT read
// by ClientSession (header in place, update applied, the reused result) and by the bench's
// decoder (EdgetickClient). Issue 21's "steady state allocates nothing" for decode.
import { describe, expect, it } from "vitest";
import { ClientSession } from "../../client/src/client-session.js";
import { NetClient } from "../../client/src/net-client.js";
import { resolveNetcodeOptions } from "../../client/src/netcode-options.js";
import { arenaGame } from "../../games/arena/arena-game.js";
import { ARENA_BUTTON, type ArenaInput } from "../../games/arena/arena-input.js";
import { ARENA_SCHEMA } from "../../games/arena/arena-state.js";
import {
  SERVER_OP,
  SNAPSHOT_HEADER_BYTES,
  writeSnapshotHeader,
} from "../../shared/protocol/index.js";
import { ReplicationServer } from "../../shared/replication/replication-server.js";
import { RoomCore } from "../../shared/room/room-core.js";
import { World } from "../../shared/world/world.js";
import { settledAllocation } from "./heap-meter-steady.js";

/** An arena room's SNAPSHOT stream to one client: every ship thrusting, so state changes. */
function arenaStream(players: number): () => Uint8Array {
  const world = new World({ capacity: ARENA_SCHEMA.maxEntities });
  const replication = new ReplicationServer(world, ARENA_SCHEMA, {
    reserveBytes: SNAPSHOT_HEADER_BYTES,
  });
  const client = replication.connect();
  const inputs = new Map<number, { buttons: number }>();
  for (let id = 1; id <= players; id++) {
    arenaGame.addPlayer(world, id, `p${id}`, { team: undefined });
    inputs.set(id, { buttons: ARENA_BUTTON.THRUST | ARENA_BUTTON.LEFT });
  }
  let ackSeq = 0;
  return () => {
    arenaGame.step(world, inputs, ARENA_SCHEMA.tickSeconds);
    replication.commit();
    // A last-sent client: each update is a delta from the one before.
    const frame = replication.writeUpdate(client, null);
    writeSnapshotHeader(frame, ackSeq++);
    return frame;
  };
}

describe("the client's SNAPSHOT receive", () => {
  it("allocates nothing per snapshot in ClientSession once optimized", async () => {
    const next = arenaStream(8);
    const session = new ClientSession<ArenaInput>(arenaGame, 8);
    let frame = next();
    let refused = 0;
    const receive = () => {
      const result = session.receive(frame, 0);
      if (!result.ok || result.value.type !== "snapshot") refused++;
    };
    receive();
    const meter = await settledAllocation(receive, { prepare: () => (frame = next()) });
    expect(refused).toBe(0);
    expect(session.ackSeq).toBeGreaterThan(100);
    expect(meter.allocating).toBeLessThanOrEqual(2);
  });

  it("allocates nothing per snapshot in NetClient (prediction, buffering) once optimized", async () => {
    // A room and its one player's netcode core; the player's frames go back to the room
    // between receives (its inputs acknowledged, so the room sends deltas).
    let snapshot: Uint8Array | null = null;
    const sink = {
      send: (_: string, b: Uint8Array) => {
        if (b[0] === SERVER_OP.SNAPSHOT) snapshot = b;
      },
      close() {},
      setTicking() {},
    };
    const room = new RoomCore(arenaGame, "r", sink);
    const outbox: Uint8Array[] = [];
    const options = {
      sendRate: 30,
      maxInputsPerFrame: 8,
      pingIntervalMs: 1000,
      netcode: resolveNetcodeOptions(),
    };
    const net = new NetClient<ArenaInput>(arenaGame, options, (b) => outbox.push(b.slice()));
    let now = 0;
    const toRoom = () => {
      for (const b of outbox.splice(0)) room.receive("a", b, now);
    };
    room.open("a", now);
    const welcome: Uint8Array[] = [];
    sink.send = (_: string, b: Uint8Array) => welcome.push(b.slice());
    room.receive("a", net.hello("ada", ""), now);
    for (const f of welcome) net.receive(f, now);
    sink.send = (_: string, b: Uint8Array) => {
      if (b[0] === SERVER_OP.SNAPSHOT) snapshot = b;
    };
    let refused = 0;
    const prepare = () => {
      now += room.tickIntervalMs;
      toRoom();
      room.update(now);
      net.update(now);
    };
    const receive = () => {
      if (snapshot === null || !net.receive(snapshot, now).ok) refused++;
      snapshot = null;
    };
    const meter = await settledAllocation(receive, { prepare });
    expect(refused).toBe(0);
    expect(net.session.ackSeq).toBeGreaterThan(100);
    expect(meter.allocating).toBeLessThanOrEqual(2);
  });
});
