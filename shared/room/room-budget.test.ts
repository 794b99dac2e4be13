// Byte budgets through the room core: a client's RATE, the room's and the host's budgets, the
// distance factor, and congestion from the socket's backlog or missing acknowledgements.
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import type { GameDefinition } from "../game/game-definition.js";
import {
  CLOSE,
  decodeServerMessage,
  encodeHello,
  encodeInputHeader,
  encodeRate,
} from "../protocol/index.js";
import { ReplicationClient } from "../replication/replication-client.js";
import { defineComponent, defineNetworkSchema, uint16, vec2 } from "../schema/index.js";
import { EntitySet } from "../world/entity-set.js";
import { World } from "../world/world.js";
import { RoomCore } from "./room-core.js";
import type { RoomOptions } from "./room-options.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";

const SIZE = 2000;
const BLIPS = 200;
const Blip = defineComponent("Blip", {
  pos: vec2({ min: 0, max: SIZE, step: 1 / 8 }),
  seq: uint16(),
});
const SCHEMA = defineNetworkSchema([Blip], { tickSeconds: 1 / 30, maxEntities: 256 });

/** 200 blips on a ring of radii around the centre, all changing every tick while `moving`. */
function blipsGame(moving: { on: boolean }): GameDefinition<number> {
  return {
    name: "blips",
    input: {
      bytes: 1,
      encode(v, out, at) {
        out[at] = v;
      },
      decode: (b, at) => b[at],
    },
    idleInput: 0,
    schema: SCHEMA,
    setup(world) {
      for (let i = 0; i < BLIPS; i++) {
        const e = world.spawn();
        // Entity i sits at distance 5·i from the centre: low ids are near.
        const a = i * 2.399;
        const r = 5 * i;
        world.add(e, Blip, {
          pos: { x: SIZE / 2 + Math.cos(a) * r, y: SIZE / 2 + Math.sin(a) * r },
        });
      }
    },
    addPlayer() {},
    removePlayer() {},
    step(world) {
      if (!moving.on) return;
      const s = world.store(Blip);
      for (let e = 0; e < BLIPS; e++) s.seq[e] = (s.seq[e]! + 1) & 0xffff;
    },
    spatialInterest: () => {
      const placed = new EntitySet(256);
      for (let e = 0; e < BLIPS; e++) placed.add(e);
      return {
        bounds: { width: SIZE, height: SIZE },
        // Every blip is in view (the farthest is 995 away); the edge halves the priority.
        radius: 1000,
        cellSize: 250,
        positions: (w) => ({ ...w.store(Blip).pos, placed }),
        viewpoint(_w, _playerId, out) {
          out.x = SIZE / 2;
          out.y = SIZE / 2;
          return true;
        },
      };
    },
  };
}

/** Records every SNAPSHOT's size and applies it to the connection's mirror. */
class Host implements RoomSink {
  readonly sizes = new Map<ConnectionId, number[]>();
  readonly mirrors = new Map<ConnectionId, ReplicationClient>();
  readonly closes = new Map<ConnectionId, number>();
  readonly backlog = new Map<ConnectionId, number>();
  readonly moving = { on: true };
  now = 1_000;
  readonly room: RoomCore<number>;
  constructor(options: RoomOptions = {}) {
    this.room = new RoomCore(blipsGame(this.moving), "budget-room", this, options);
  }
  send(conn: ConnectionId, bytes: Uint8Array): void {
    const decoded = decodeServerMessage(bytes.slice());
    if (!decoded.ok) throw new Error(decoded.error);
    if (decoded.value.type !== "snapshot") return;
    this.sizes.set(conn, [...(this.sizes.get(conn) ?? []), bytes.length]);
    let mirror = this.mirrors.get(conn);
    if (!mirror) {
      mirror = new ReplicationClient(new World({ capacity: 256, idReuseDelayTicks: 0 }), SCHEMA);
      this.mirrors.set(conn, mirror);
    }
    const applied = mirror.apply(decoded.value.update);
    if (!applied.ok) throw new Error(applied.error);
  }
  close(conn: ConnectionId, code: number): void {
    this.closes.set(conn, code);
  }
  setTicking(): void {}
  buffered(conn: ConnectionId): number {
    return this.backlog.get(conn) ?? 0;
  }
  frame(conn: ConnectionId, write: (w: ByteWriter) => void): void {
    const w = new ByteWriter();
    write(w);
    this.room.receive(conn, w.toBytes(), this.now);
  }
  join(conn: ConnectionId, rate?: number): void {
    this.room.open(conn, this.now);
    this.frame(conn, (w) =>
      encodeHello(w, { game: "blips", schema: SCHEMA.fingerprint, name: conn, token: "" }),
    );
    if (rate !== undefined) this.frame(conn, (w) => encodeRate(w, rate));
  }
  /** Acknowledges `conn`'s mirror tick, as a client's INPUT does. */
  ack(conn: ConnectionId, seq: number): void {
    const tick = this.mirrors.get(conn)?.tick ?? -1;
    this.frame(conn, (w) => {
      encodeInputHeader(w, tick < 0 ? 0xffff_ffff : tick, seq, 1);
      w.u8(0);
    });
  }
  advance(ticks: number, acking: ConnectionId[] = []): void {
    for (let i = 0; i < ticks; i++) {
      this.now += this.room.tickIntervalMs;
      this.room.update(this.now);
      for (const c of acking) this.ack(c, i);
    }
  }
  /** Entities `conn`'s mirror holds with the server's current seq. */
  fresh(conn: ConnectionId): number {
    const mirror = this.mirrors.get(conn)!;
    const server = this.room.world.store(Blip).seq;
    const seq = mirror.world.store(Blip).seq;
    let n = 0;
    for (const id of mirror.networkIds()) if (seq[mirror.entityOf(id)] === server[id]) n++;
    return n;
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("room byte budgets", () => {
  it("keeps a throttled client within its RATE while another gets everything", () => {
    const host = new Host();
    host.join("wide");
    host.join("thin", 3000);
    host.advance(90);
    const wide = host.sizes.get("wide")!;
    const thin = host.sizes.get("thin")!;
    // Every 30-tick second after the first: at most the rate, plus the quarter second saved.
    for (let s = 1; s < 3; s++)
      expect(sum(thin.slice(s * 30, (s + 1) * 30))).toBeLessThanOrEqual(3000 + 750);
    expect(sum(wide.slice(30))).toBeGreaterThan(4 * sum(thin.slice(30)));
    expect(host.fresh("wide")).toBe(BLIPS);
    expect(host.fresh("thin")).toBeLessThan(BLIPS);
    // Once the world is quiet, the throttled client catches up with every entity.
    host.moving.on = false;
    host.advance(120);
    expect(host.fresh("thin")).toBe(BLIPS);
    expect(host.room.rateOf(2)).toBe(3000);
  });

  it("updates near entities more often than far ones when the budget is short", () => {
    const host = new Host();
    host.join("thin", 4000);
    host.advance(30);
    const mirror = host.mirrors.get("thin")!;
    const seq = mirror.world.store(Blip).seq;
    const last = new Map<number, number>();
    const sends = new Map<number, number>();
    for (let t = 0; t < 120; t++) {
      host.advance(1);
      for (const id of mirror.networkIds()) {
        const v = seq[mirror.entityOf(id)]!;
        if (last.get(id) !== v) sends.set(id, (sends.get(id) ?? 0) + 1);
        last.set(id, v);
      }
    }
    const near = sum([...Array(20).keys()].map((id) => sends.get(id) ?? 0));
    const far = sum([...Array(20).keys()].map((id) => sends.get(BLIPS - 1 - id) ?? 0));
    // Weights 1 near the centre, about 1/2 at the edge.
    expect(near).toBeGreaterThan(1.5 * far);
  });

  it("takes the lower of the room's, the host's and the client's budget, never under 1 KiB/s", () => {
    const host = new Host({ bytesPerSecond: 20_000 });
    host.join("a");
    expect(host.room.rateOf(1)).toBe(20_000);
    host.room.setClientBudget(1, 8_000);
    expect(host.room.rateOf(1)).toBe(8_000);
    host.frame("a", (w) => encodeRate(w, 12_000));
    expect(host.room.rateOf(1)).toBe(8_000);
    host.frame("a", (w) => encodeRate(w, 10));
    expect(host.room.rateOf(1)).toBe(1024);
    host.frame("a", (w) => encodeRate(w, 0));
    host.room.setClientBudget(1, null);
    expect(host.room.rateOf(1)).toBe(20_000);
    expect(() => host.room.setClientBudget(1, 100)).toThrow(RangeError);
  });

  it("sheds rate while the socket backs up and wins it back once it drains", () => {
    const host = new Host();
    host.join("a");
    host.advance(2);
    host.backlog.set("a", 200_000);
    host.advance(30);
    // Four halvings in a second (one per quarter second) while 200 KB wait in the socket.
    expect(host.room.rateOf(1)).toBe(65_536 / 16);
    expect(host.closes.size).toBe(0);
    host.backlog.set("a", 0);
    host.advance(90);
    expect(host.room.rateOf(1)).toBe(65_536);
  });

  it("counts a client a second behind in acknowledgements as backed up", () => {
    const host = new Host();
    host.join("acking");
    host.join("stalled");
    host.advance(5, ["acking", "stalled"]);
    // "stalled" stops acknowledging: a second later its rate starts to fall.
    host.advance(40, ["acking"]);
    expect(host.room.rateOf(1)).toBe(65_536);
    expect(host.room.rateOf(2)).toBeLessThan(65_536);
  });

  it("refuses RATE before HELLO", () => {
    const host = new Host();
    host.room.open("early", host.now);
    host.frame("early", (w) => encodeRate(w, 4000));
    expect(host.closes.get("early")).toBe(CLOSE.UNEXPECTED_MESSAGE.code);
  });
});
