// Lag compensation in a room: a target runs along x, 10 units a tick; a shooter aims where
// its screen showed the target some ticks ago and fires an RPC carrying that view tick. With
// the game's hitboxes declared, the handler's rewind finds the target where it was; the
// present world would miss it by the distance it ran since.
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import type { GameDefinition } from "../game/game-definition.js";
import { encodeHello, encodeInputHeader } from "../protocol/client-messages.js";
import { RoomCore } from "../room/room-core.js";
import type { ConnectionId, RoomSink } from "../room/room-sink.js";
import { arg, defineRpcs, gameRpc, RPC_OP, RpcClient } from "../rpc/index.js";
import { defineComponent, defineNetworkSchema, vec2 } from "../schema/index.js";

const Dot = defineComponent("Dot", { pos: vec2({ min: 0, max: 4000, step: 1 / 8 }) });
const SCHEMA = defineNetworkSchema([Dot], { tickSeconds: 1 / 30, maxEntities: 8 });
const rpcs = defineRpcs({
  fire: {
    direction: "client-to-server",
    args: { viewTick: arg.f64, aimX: arg.f64, aimY: arg.f64 },
    result: { hit: arg.i32, capped: arg.bool, present: arg.i32 },
  },
});

function game(): GameDefinition<null> {
  const avatars = new Map<number, number>();
  return {
    name: "rewind",
    input: {
      bytes: 1,
      encode(_input, out, offset) {
        out[offset] = 0;
      },
      decode: () => null,
    },
    idleInput: null,
    schema: SCHEMA,
    addPlayer(world, playerId) {
      const e = world.spawn();
      world.add(e, Dot, { pos: { x: playerId === 1 ? 100 : 1000, y: playerId === 1 ? 100 : 500 } });
      avatars.set(playerId, e);
    },
    removePlayer() {},
    // Player 2 runs along x.
    step(world) {
      const e = avatars.get(2);
      if (e !== undefined) world.store(Dot).pos.x[e]! += 10;
    },
    lagCompensation: {
      hitboxes(world, put) {
        const { x, y } = world.store(Dot).pos;
        for (const e of avatars.values()) put(e, x[e]!, y[e]!, 16);
      },
      // 15 ticks: a view 30 ticks old is past it.
      maxRewindMs: 500,
    },
    rpc: gameRpc(rpcs, {
      fire: ({ playerId, world, rewind }, { viewTick, aimX, aimY }) => {
        const me = avatars.get(playerId)!;
        const { x, y } = world.store(Dot).pos;
        const ox = x[me]!;
        const oy = y[me]!;
        const hit = rewind!.raycast(viewTick, ox, oy, aimX - ox, aimY - oy, 5000, me);
        // The same shot against the present world, for comparison.
        const now = rewind!.raycast(
          Number.POSITIVE_INFINITY,
          ox,
          oy,
          aimX - ox,
          aimY - oy,
          5000,
          me,
        );
        const capped = rewind!.judge(viewTick).capped;
        return { hit: hit?.entity ?? -1, capped, present: now?.entity ?? -1 };
      },
    }),
  };
}

class Host implements RoomSink {
  readonly results: unknown[] = [];
  readonly client = new RpcClient(rpcs);
  readonly room = new RoomCore(game(), "rewind", this);
  now = 0;
  #seq = 0;
  send(_conn: ConnectionId, bytes: Uint8Array): void {
    if (bytes[0] !== RPC_OP.RESULT) return;
    const read = this.client.read(bytes.slice());
    if (!read.ok) throw new Error(read.error);
    this.results.push(read.value);
  }
  readonly closes: string[] = [];
  close(conn: ConnectionId, code: number, reason: string): void {
    this.closes.push(`${conn} ${code} ${reason}`);
  }
  setTicking(): void {}
  join(conn: ConnectionId): void {
    this.room.open(conn, this.now);
    const w = new ByteWriter();
    encodeHello(w, { game: "rewind", schema: SCHEMA.fingerprint, name: conn, token: "" });
    this.room.receive(conn, w.toBytes(), this.now);
  }
  tick(n: number): void {
    for (let i = 0; i < n; i++) {
      this.now += this.room.tickIntervalMs;
      this.room.update(this.now);
    }
  }
  /** The shooter acknowledges `tick` (as its INPUT frames do). */
  ack(conn: ConnectionId, tick: number): void {
    const w = new ByteWriter();
    encodeInputHeader(w, tick, this.#seq++, 1);
    w.u8(0);
    this.room.receive(conn, w.toBytes(), this.now);
  }
  fire(conn: ConnectionId, viewTick: number, aimX: number, aimY: number): unknown {
    const w = new ByteWriter();
    this.client.writeCall("fire", { viewTick, aimX, aimY }, w);
    this.room.receive(conn, w.toBytes(), this.now);
    if (this.closes.length) throw new Error(this.closes.join("; "));
    return this.results.at(-1);
  }
}

describe("lag compensation in a room", () => {
  it("hits where the shooter saw the target, which the present world misses", () => {
    const host = new Host();
    host.join("shooter");
    host.join("target");
    host.tick(20);
    const tick = host.room.tick;
    host.ack("shooter", tick - 3);
    // The shooter's screen, 6.5 ticks back: the target was at x = 1000 + 10 × (its ticks then).
    const view = tick - 6.5;
    // The target ran 10 units a tick from the tick it joined (20 before `tick`), from x 1000.
    const aimX = 1000 + 10 * (view - (tick - 20) + 1);
    const result = host.fire("shooter", view, aimX, 500) as {
      value: { hit: number; capped: boolean; present: number };
    };
    expect(result.value).toMatchObject({ hit: 1, capped: false, present: -1 });
  });

  it("judges a view older than the maximum rewind at the cap, and never newer than acknowledged", () => {
    const host = new Host();
    host.join("shooter");
    host.join("target");
    host.tick(40);
    const tick = host.room.tick;
    host.ack("shooter", tick - 5);
    const old = host.fire("shooter", tick - 30, 1000, 500) as { value: { capped: boolean } };
    expect(old.value.capped).toBe(true);
    // A view past what the shooter acknowledged is judged at what it acknowledged: the target
    // was at x = 1000 + 10 × 36 at tick − 5 (it ran from the tick it joined, 40 ticks ago).
    const ahead = host.fire("shooter", tick + 2, 1000 + 10 * 36, 500) as {
      value: { hit: number; capped: boolean };
    };
    expect(ahead.value).toMatchObject({ hit: 1, capped: false });
  });
});
