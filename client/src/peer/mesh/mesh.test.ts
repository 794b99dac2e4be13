import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ARENA_BUTTON,
  arenaGame,
  Ship,
  spawnPoint,
  stepArena,
} from "../../../../games/arena/index.js";
import { ByteWriter } from "../../../../shared/codec/byte-writer.js";
import {
  encodeMeshAck,
  encodeMeshHello,
  MAX_MESH_FRAME_BYTES,
  MESH_PROTOCOL_VERSION,
  writeMeshUpdateHeader,
} from "../../../../shared/peer/mesh-messages.js";
import { CLOSE } from "../../../../shared/protocol/close-codes.js";
import {
  boundedString,
  defineComponent,
  defineNetworkSchema,
} from "../../../../shared/schema/index.js";
import type { Entity, World } from "../../../../shared/world/world.js";
import { MeshHarness, rowsOf } from "../../../../test/support/mesh-harness.js";
import { simulatedTransportPair } from "../../transport/simulated-transport.js";
import type { Channel } from "../../transport/transport.js";
import { createMesh, type Mesh, type MeshEvents } from "./mesh.js";
import type { MeshGame } from "./mesh-options.js";

const DT = arenaGame.schema.tickSeconds;

/** Links that delay but never lose, duplicate or reorder a frame. */
const QUIET = {
  reliable: { latencyMs: 20, jitterMs: 10 },
  unreliable: { latencyMs: 15 },
};

/** Every ship of `world` as `[id, owner, x, y, vx, vy, heading]`, by id. */
function ships(world: World, idOf?: (e: Entity) => number) {
  const s = world.store(Ship);
  return rowsOf(
    world,
    (w, e) =>
      w.has(e, Ship)
        ? [s.owner[e]!, s.pos.x[e]!, s.pos.y[e]!, s.vel.x[e]!, s.vel.y[e]!, s.heading[e]!]
        : undefined,
    idOf,
  );
}

/** Ship values without ids, sorted: what a peer sees, whoever owns it now. */
function values(rows: (number | string)[][]): string[] {
  return rows.map((r) => JSON.stringify(r.slice(1))).sort();
}

/** Everything `mesh` sees: its own ships and every mirror's. */
function seenBy(mesh: Mesh): string[] {
  const rows = ships(mesh.local);
  for (const p of mesh.peers()) rows.push(...ships(mesh.remote(p.peerId)!));
  return values(rows);
}

/** Spawns `n` ships owned by the mesh's peer in its local world. */
function spawnShips(mesh: Mesh, n: number): void {
  for (let k = 0; k < n; k++) {
    const at = spawnPoint(mesh.peerId * 10 + k);
    const e = mesh.local.spawn();
    mesh.local.add(e, Ship, {
      owner: mesh.peerId,
      pos: { x: at.x, y: at.y },
      heading: at.heading,
    });
  }
}

/** Each peer steers its own ships: thrust, turning left or right by its id. */
function fly(mesh: Mesh): void {
  const buttons = ARENA_BUTTON.THRUST | (mesh.peerId % 2 ? ARENA_BUTTON.LEFT : ARENA_BUTTON.RIGHT);
  stepArena(mesh.local, new Map([[mesh.peerId, { buttons }]]), DT);
}

/** Asserts that every remaining peer mirrors every other remaining peer exactly. */
function expectConverged(h: MeshHarness): void {
  for (const owner of h.remaining())
    for (const viewer of h.remaining()) {
      if (owner === viewer) continue;
      const v = h.mesh(viewer);
      const mirror = ships(v.remote(owner)!, (e) => v.networkIdOf(owner, e));
      expect(mirror, `peer ${viewer}'s mirror of ${owner}`).toEqual(ships(h.mesh(owner).local));
    }
}

/** Records every event of `mesh`. */
function record(mesh: Mesh) {
  const seen: { [K in keyof MeshEvents]: MeshEvents[K][] } = {
    "peer-joined": [],
    "peer-left": [],
    "entities-adopted": [],
    voice: [],
  };
  mesh.on("peer-joined", (e) => seen["peer-joined"].push(e));
  mesh.on("voice", (e) => seen.voice.push(e));
  mesh.on("peer-left", (e) => seen["peer-left"].push(e));
  mesh.on("entities-adopted", (e) => seen["entities-adopted"].push(e));
  return seen;
}

/** Four peers with two flying ships each, converged over quiet links. */
function flyingFour(mesh?: ConstructorParameters<typeof MeshHarness>[0]["mesh"]) {
  const h = new MeshHarness({ peers: 4, game: arenaGame, link: QUIET, mesh });
  for (const m of h.meshes.values()) spawnShips(m, 2);
  h.step(45, fly);
  h.step(10);
  return h;
}

describe("a P2P mesh", () => {
  it("lets four peers see each other's entities, exactly as their owners hold them", () => {
    const h = new MeshHarness({ peers: 4, game: arenaGame, link: QUIET });
    const events = [...h.meshes.values()].map(record);
    for (const m of h.meshes.values()) spawnShips(m, 2);
    h.step(45, fly);
    // The owners stop; 10 ticks (333 ms) cover the 45 ms of latency and the acks.
    h.step(10);
    expectConverged(h);
    for (const id of h.remaining()) {
      const m = h.mesh(id);
      expect(ships(m.local)).toHaveLength(2);
      expect(seenBy(m)).toHaveLength(8);
      expect(m.peers().map((p) => [p.peerId, p.ready])).toEqual(
        [1, 2, 3, 4].filter((p) => p !== id).map((p) => [p, true]),
      );
    }
    // Ships really flew: none is where it spawned.
    expect(ships(h.mesh(1).local)[0]![2]).not.toBe(spawnPoint(10).x);
    for (const e of events) expect(e["peer-joined"].map((j) => j.peerId).sort()).toHaveLength(3);
  });

  it("names a mirrored entity by its owner's id both ways", () => {
    const h = flyingFour();
    const viewer = h.mesh(3);
    const mirror = viewer.remote(1)!;
    mirror.alive.forEach((e) => {
      const id = viewer.networkIdOf(1, e);
      expect(h.mesh(1).local.isAlive(id)).toBe(true);
      expect(viewer.entityOf(1, id)).toBe(e);
    });
    expect(viewer.networkIdOf(9, 0)).toBe(-1);
    expect(viewer.entityOf(1, 4095)).toBe(-1);
  });

  it("removes a leaver's entities from every view when it leaves without handover", () => {
    const h = flyingFour();
    const events = [1, 3, 4].map((id) => record(h.mesh(id)));
    const despawned: Entity[] = [];
    h.mesh(3)
      .remote(2)!
      .on("despawn", (e) => despawned.push(e));
    h.leave(2, false);
    h.step(3);
    for (const id of [1, 3, 4]) {
      expect(h.mesh(id).remote(2)).toBeUndefined();
      expect(seenBy(h.mesh(id))).toHaveLength(6);
    }
    expect(despawned).toHaveLength(2);
    for (const e of events) {
      expect(e["peer-left"]).toEqual([
        { peerId: 2, code: 1000, reason: "normal closure: left", adopter: null },
      ]);
      expect(e["entities-adopted"]).toEqual([]);
    }
    expectConverged(h);
  });

  it("removes a dropped peer's entities everywhere when handover on drop is off", () => {
    const h = flyingFour();
    h.drop(4);
    h.step(3);
    for (const id of [1, 2, 3]) {
      expect(h.mesh(id).remote(4)).toBeUndefined();
      expect(seenBy(h.mesh(id))).toHaveLength(6);
    }
  });

  it("hands a leaver's entities to the lowest remaining peer, and everyone sees each once", () => {
    const h = flyingFour();
    h.step(5, fly); // moving when it leaves: the final state must still arrive
    const events = [2, 3, 4].map((id) => record(h.mesh(id)));
    const before = values([1, 2, 3, 4].flatMap((id) => ships(h.mesh(id).local)));
    const leaverShips = ships(h.mesh(1).local);
    h.leave(1, true);
    h.step(4);
    // Peer 2 (the lowest remaining) owns peer 1's ships now, with peer 1's final values.
    const adopter = h.mesh(2);
    expect(values(ships(adopter.local))).toEqual(
      values([...leaverShips, ...ships(h.mesh(2).local).filter((r) => r[1] === 2)]),
    );
    for (const id of [2, 3, 4]) {
      expect(h.mesh(id).remote(1)).toBeUndefined();
      // All eight ships, each once, with the values they had when peer 1 left.
      expect(seenBy(h.mesh(id))).toEqual(before);
    }
    for (const e of events) {
      expect(e["peer-left"]).toEqual([
        {
          peerId: 1,
          code: 1000,
          reason: "normal closure: handed over to 2",
          adopter: 2,
        },
      ]);
      expect(e["entities-adopted"].map((a) => [a.from, a.by, a.refused])).toEqual([[1, 2, 0]]);
    }
    const [onAdopter, onOther] = [events[0]!, events[1]!];
    expect(onAdopter["entities-adopted"][0]!.entities.map((a) => a.previous)).toEqual(
      leaverShips.map((r) => r[0]),
    );
    for (const a of onAdopter["entities-adopted"][0]!.entities)
      expect(adopter.local.isAlive(a.entity)).toBe(true);
    expect(onOther["entities-adopted"][0]!.entities).toEqual([]);
    // The adopter keeps flying them, and the others follow.
    h.step(10, (m) => m.peerId === 2 && fly(m));
    h.step(10);
    expectConverged(h);
    expect(seenBy(h.mesh(4))).not.toEqual(before);
  });

  it("lets the lowest remaining peer adopt a dropped peer's entities with handoverOnDrop", () => {
    const h = flyingFour({ handoverOnDrop: true });
    const before = values([1, 2, 3, 4].flatMap((id) => ships(h.mesh(id).local)));
    const events = record(h.mesh(3));
    h.drop(2);
    h.step(4);
    expect(events["peer-left"][0]).toMatchObject({ peerId: 2, code: 1006, adopter: 1 });
    expect(ships(h.mesh(1).local)).toHaveLength(4);
    for (const id of [1, 3, 4]) expect(seenBy(h.mesh(id))).toEqual(before);
    expectConverged(h);
  });

  it("lets every peer hand a removed peer's entities to the same adopter", () => {
    const h = flyingFour();
    const before = values([1, 2, 3, 4].flatMap((id) => ships(h.mesh(id).local)));
    // Signaling says peer 1 left: each remaining peer removes it with handover.
    for (const id of [2, 3, 4]) expect(h.mesh(id).removePeer(1, { handover: true })).toBe(true);
    expect(h.mesh(2).removePeer(1)).toBe(false);
    h.step(4);
    expect(ships(h.mesh(2).local)).toHaveLength(4);
    for (const id of [2, 3, 4]) expect(seenBy(h.mesh(id))).toEqual(before);
  });
});

/** A mesh of three, peer 1 also linked to a raw transport posing as peer 9. */
function withIntruder() {
  const h = new MeshHarness({ peers: 3, game: arenaGame, link: QUIET });
  for (const m of h.meshes.values()) spawnShips(m, 1);
  const pair = simulatedTransportPair();
  const target = h.mesh(1);
  const events = record(target);
  target.addPeer(9, pair.a);
  const raw = pair.b;
  const received: { bytes: Uint8Array; channel: Channel }[] = [];
  raw.onmessage = (bytes, channel) => received.push({ bytes, channel });
  let closed: { code: number; reason: string } | undefined;
  raw.onclose = (code, reason) => {
    closed = { code, reason };
  };
  const step = (ticks = 1) => {
    for (let i = 0; i < ticks; i++) {
      h.step(1, fly);
      pair.poll(h.now);
      pair.poll(h.now); // what peer 1 sent back at once (its close)
    }
  };
  step(2);
  return { h, raw, step, events, received, closed: () => closed };
}

function hello(fields: Partial<{ version: number; peerId: number; game: string; schema: number }>) {
  const w = new ByteWriter();
  encodeMeshHello(w, {
    peerId: fields.peerId ?? 9,
    game: fields.game ?? arenaGame.name,
    schema: fields.schema ?? arenaGame.schema.fingerprint,
  });
  const bytes = w.toBytes();
  if (fields.version !== undefined) new DataView(bytes.buffer).setUint16(1, fields.version, true);
  return bytes;
}

describe("a mesh facing a hostile peer", () => {
  const oversized = new Uint8Array(MAX_MESH_FRAME_BYTES + 1);
  writeMeshUpdateHeader(oversized, 1);
  const garbageUpdate = new Uint8Array([0x02, 5, 0, 0, 0, 0xff, 0xff, 0xff]);
  const cases: [string, Uint8Array[], number][] = [
    ["a truncated frame", [hello({}), new Uint8Array([0x03, 0x01])], CLOSE.MALFORMED_FRAME.code],
    ["another protocol version", [hello({ version: MESH_PROTOCOL_VERSION + 1 })], 4001],
    ["another schema fingerprint", [hello({ schema: 0x1234_5678 })], 4009],
    ["another game", [hello({ game: "chess" })], CLOSE.WRONG_GAME.code],
    ["another peer's id in its HELLO", [hello({ peerId: 5 })], CLOSE.INVALID_HELLO.code],
    ["an oversized frame", [hello({}), oversized], CLOSE.FRAME_TOO_LARGE.code],
    ["an update that does not decode", [hello({}), garbageUpdate], CLOSE.MALFORMED_FRAME.code],
    ["a second HELLO", [hello({}), hello({})], CLOSE.UNEXPECTED_MESSAGE.code],
    ["an ACK before its HELLO", [ackFrame(0)], CLOSE.UNEXPECTED_MESSAGE.code],
    ["an unknown message type", [hello({}), new Uint8Array([0x7f])], 4000],
    // VOICE, channel 0, seq 1, one byte of Opus: out of place before HELLO on the reliable channel.
    ["a VOICE before its HELLO", [new Uint8Array([0x05, 1, 0, 0, 0xf8])], 4004],
    [
      "a VOICE with a reserved flag bit",
      [hello({}), new Uint8Array([0x05, 1, 0, 0x10, 0xf8])],
      4000,
    ],
  ];

  it.each(cases)("closes only the link that sent %s", (_what, frames, code) => {
    const { h, raw, step, events, closed } = withIntruder();
    for (const f of frames) raw.send(f, "reliable");
    step(1);
    expect(closed()?.code).toBe(code);
    expect(events["peer-left"].map((e) => [e.peerId, e.code])).toEqual([[9, code]]);
    expect(h.mesh(1).remote(9)).toBeUndefined();
    // The honest peers never noticed.
    step(5);
    h.step(10);
    expect(
      h
        .mesh(1)
        .peers()
        .map((p) => [p.peerId, p.ready]),
    ).toEqual([
      [2, true],
      [3, true],
    ]);
    expectConverged(h);
  });

  it("closes a link whose control frame comes on the unreliable channel", () => {
    const { raw, step, closed } = withIntruder();
    raw.send(hello({}), "unreliable");
    step(1);
    expect(closed()).toEqual({
      code: CLOSE.UNEXPECTED_MESSAGE.code,
      reason: "unexpected message: hello on the unreliable channel",
    });
  });

  it("drops an update that overtook the HELLO on the unreliable channel, and then joins", () => {
    const { h, raw, step, closed, received, events } = withIntruder();
    raw.send(garbageUpdate, "unreliable");
    step(1);
    expect(closed()).toBeUndefined();
    expect(
      h
        .mesh(1)
        .peers()
        .find((p) => p.peerId === 9)?.stats.updatesDropped,
    ).toBe(1);
    raw.send(hello({}), "reliable");
    step(2);
    expect(events["peer-joined"].filter((e) => e.peerId === 9)).toHaveLength(1);
    // Peer 1 sent its HELLO, then updates of its ship once joined.
    expect(received[0]!.bytes[0]).toBe(0x01);
    expect(received.some((r) => r.bytes[0] === 0x02 && r.channel === "unreliable")).toBe(true);
  });

  it("closes a link whose HELLO does not come within the handshake timeout", () => {
    const h = new MeshHarness({ peers: 2, game: arenaGame, mesh: { handshakeTimeoutMs: 500 } });
    const pair = simulatedTransportPair();
    h.mesh(1).addPeer(7, pair.a);
    let closed: number | undefined;
    pair.b.onclose = (code) => {
      closed = code;
    };
    // The deadline starts at the first tick (t = 33.3 ms): 500 ms later is tick 17.
    for (let i = 0; i < 16; i++) {
      h.step(1);
      pair.poll(h.now);
    }
    expect(closed).toBeUndefined();
    h.step(1);
    pair.poll(h.now);
    expect(closed).toBe(CLOSE.HANDSHAKE_TIMEOUT.code);
    expect(
      h
        .mesh(1)
        .peers()
        .map((p) => p.peerId),
    ).toEqual([2]);
  });
});

function ackFrame(tick: number): Uint8Array {
  const w = new ByteWriter();
  encodeMeshAck(w, tick);
  return w.toBytes();
}

describe("a mesh's links", () => {
  it("skip a peer's update while its link's backlog is over maxBufferedBytes", () => {
    // Reliable frames stay buffered for 200 ms: the acks keep peer 1's backlog above 1 byte.
    const slow = { reliable: { latencyMs: 200 }, unreliable: { latencyMs: 10 } };
    const h = new MeshHarness({ peers: 2, game: arenaGame, link: slow });
    const tight = new MeshHarness({
      peers: 2,
      game: arenaGame,
      link: slow,
      mesh: { maxBufferedBytes: 1 },
    });
    for (const x of [h, tight]) {
      spawnShips(x.mesh(2), 1);
      x.step(30, fly);
    }
    expect(h.mesh(1).peers()[0]!.stats.updatesSkipped).toBe(0);
    const stats = tight.mesh(1).peers()[0]!.stats;
    expect(stats.updatesSkipped).toBeGreaterThan(0);
    expect(stats.updatesSent + stats.updatesSkipped).toBe(h.mesh(1).peers()[0]!.stats.updatesSent);
  });

  it("closes a link when an update to it would not fit in a mesh frame", () => {
    const Blob = defineComponent("Blob", { text: boundedString({ maxBytes: 250 }) });
    const big: MeshGame = {
      name: "big",
      schema: defineNetworkSchema([Blob], { maxEntities: 512 }),
    };
    const h = new MeshHarness({ peers: 2, game: big });
    h.step(2);
    const left = [record(h.mesh(1)), record(h.mesh(2))];
    const local = h.mesh(1).local;
    const letters = "abcdefghijklmnopqrstuvwxyz";
    // 300 × 250 bytes of text: a full state of over 75 000 bytes.
    for (let i = 0; i < 300; i++)
      local.add(local.spawn(), Blob, {
        text: Array.from({ length: 250 }, (_, k) => letters[(i * 7 + k * k) % 26]).join(""),
      });
    h.step(2);
    for (const [events, other] of [
      [left[0]!, 2],
      [left[1]!, 1],
    ] as const)
      expect(events["peer-left"]).toEqual([
        expect.objectContaining({ peerId: other, code: CLOSE.FRAME_TOO_LARGE.code }),
      ]);
    expect(left[0]!["peer-left"][0]!.reason).toMatch(/^frame too large: an update of \d+ bytes/);
  });

  it("refuses a bad peer id, a duplicate, its own id, a ninth peer and a closed transport", () => {
    const mesh = createMesh({ game: arenaGame, peerId: 1 });
    const open = () => simulatedTransportPair().a;
    expect(() => mesh.addPeer(0, open())).toThrow("peerId must be an integer in 1..65535");
    expect(() => mesh.addPeer(1, open())).toThrow("1 is this peer's own id");
    for (let id = 2; id <= 8; id++) mesh.addPeer(id, open());
    expect(() => mesh.addPeer(2, open())).toThrow("peer 2 is already linked");
    expect(() => mesh.addPeer(9, open())).toThrow("a mesh holds at most 8 peers");
    const other = createMesh({ game: arenaGame, peerId: 1 });
    const closed = open();
    closed.close();
    expect(() => other.addPeer(2, closed)).toThrow("the transport is closed");
  });

  it("refuses bad options, naming the field", () => {
    expect(() => createMesh({ game: arenaGame, peerId: 0 })).toThrow("mesh.peerId");
    expect(() => createMesh({ game: { ...arenaGame, name: "Arena" }, peerId: 1 })).toThrow(
      "mesh.game.name",
    );
    expect(() => createMesh({ game: arenaGame, peerId: 1, handshakeTimeoutMs: 0 })).toThrow(
      "mesh.handshakeTimeoutMs",
    );
    expect(() => createMesh({ game: arenaGame, peerId: 1, baselineRing: 65 })).toThrow(
      "world.idReuseDelayTicks must be ≥ replication.baselineRing",
    );
    expect(() => createMesh({ game: arenaGame, peerId: 1, maxBufferedBytes: -1 })).toThrow(
      "mesh.maxBufferedBytes",
    );
  });

  it("cannot be used after it left", () => {
    const mesh = createMesh({ game: arenaGame, peerId: 1 });
    mesh.leave();
    expect(() => mesh.tick(0)).toThrow("tick after leave");
    expect(() => mesh.addPeer(2, simulatedTransportPair().a)).toThrow("addPeer after leave");
    expect(() => mesh.start()).toThrow("start after leave");
  });
});

describe("a mesh's own interval", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ticks once per schema tick until stopped", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const mesh = createMesh({ game: arenaGame, peerId: 1 });
    let clock = 0;
    mesh.start(() => (clock += 1000 * DT));
    mesh.start(); // idempotent
    vi.advanceTimersByTime(1000 * DT * 3);
    expect(mesh.currentTick).toBe(2);
    mesh.stop();
    vi.advanceTimersByTime(1000);
    expect(mesh.currentTick).toBe(2);
  });
});
