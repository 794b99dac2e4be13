// The room protocol does not care what carries it: the same script of client messages
// (inputs, reliable RPC calls) played through a RoomCore over (a) a reliable in-order link,
// (b) a simulated link that loses, duplicates and reorders on its unreliable channel only,
// with the room's snapshots on that channel, (c) the in-process loopback pair, and (d) a
// link without an unreliable channel under a room that asks for one, leaves the room in the
// same state and each client's mirror, once the link is quiet, equal to what the room
// shows it. The script runs in lockstep with the room's ticks: a round's reliable frames all
// arrive before the tick, one player's after the other's, while snapshots of the unreliable
// channel may stay in flight for several rounds (so they overtake each other and arrive
// twice).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ARENA_EMOTES,
  ARENA_RPCS,
  type ArenaInput,
  arenaGame,
  listShips,
  Ship,
  type ShipValues,
} from "../../../games/arena/index.js";
import { ByteWriter } from "../../../shared/codec/byte-writer.js";
import type { Channel } from "../../../shared/protocol/channel.js";
import { RpcClient } from "../../../shared/rpc/index.js";
import { EntitySet } from "../../../shared/world/entity-set.js";
import type { World } from "../../../shared/world/world.js";
import { TransportRoomHost } from "../../../test/support/room/transport-room-host.js";
import { ClientSession } from "../client-session.js";
import { loopbackTransportPair } from "./loopback-transport.js";
import {
  type SimulatedTransportOptions,
  type SimulatedTransportPair,
  simulatedTransportPair,
} from "./simulated-transport.js";
import type { Transport } from "./transport.js";

/** What one player does in one round: the buttons held, and maybe an RPC call. */
interface Move {
  readonly buttons: number;
  readonly rpc:
    | { readonly name: "emote"; readonly kind: (typeof ARENA_EMOTES)[number] }
    | { readonly name: "setViewRadius"; readonly radius: number }
    | undefined;
}

/** Two players' moves per round. */
type Script = readonly (readonly [Move, Move])[];

/** How one variant's links are made and how their frames travel. */
interface Carrier {
  /** The room's snapshotChannel for this carrier. */
  readonly snapshotChannel: Channel;
  pair(): { a: Transport; b: Transport };
  /** Lets every reliable frame in flight arrive (unreliable ones may stay in flight). */
  settle(): Promise<void>;
  /** Lets everything in flight arrive. */
  drain(): Promise<void>;
  /** Frames the unreliable channels dropped. */
  dropped(): number;
}

/** Pairs on one shared link clock, advanced 1 ms at a time. */
function simulated(snapshotChannel: Channel, options: SimulatedTransportOptions): Carrier {
  const pairs: SimulatedTransportPair[] = [];
  let now = 0;
  const run = async (done: () => boolean) => {
    for (let i = 0; i < 100_000; i++) {
      now++;
      for (const p of pairs) p.poll(now);
      if (done()) return;
    }
    throw new Error("the simulated links never went quiet");
  };
  return {
    snapshotChannel,
    pair() {
      const p = simulatedTransportPair({
        ...options,
        seed: (options.seed ?? 1) * 8 + pairs.length,
      });
      pairs.push(p);
      return p;
    },
    // The reliable bytes in flight are what an end reports buffered.
    settle: () => run(() => pairs.every((p) => p.a.bufferedAmount + p.b.bufferedAmount === 0)),
    drain: () => run(() => pairs.every((p) => p.inFlight === 0)),
    dropped: () => pairs.reduce((n, p) => n + p.dropped, 0),
  };
}

/** Loopback pairs: frames arrive on microtasks. */
function loopback(snapshotChannel: Channel): Carrier {
  const ends: Transport[] = [];
  const settle = async () => {
    do for (let i = 0; i < 8; i++) await Promise.resolve();
    while (ends.some((t) => t.bufferedAmount > 0));
  };
  return {
    snapshotChannel,
    pair() {
      const p = loopbackTransportPair();
      ends.push(p.a, p.b);
      return p;
    },
    settle,
    drain: settle,
    dropped: () => 0,
  };
}

/** A client: the protocol session over one transport, recording what it heard. */
class Player {
  readonly session = new ClientSession<ArenaInput>(arenaGame, 8);
  readonly rpc = new RpcClient(ARENA_RPCS);
  /** RPC results and events, in order. */
  readonly heard: string[] = [];
  stale = 0;
  /** Set when the client refused a frame or the link closed: must never happen. */
  failure: string | undefined;

  constructor(
    readonly link: Transport,
    name: string,
  ) {
    link.onopen = () => link.send(this.session.hello(name, ""), "reliable");
    link.onmessage = (bytes, channel) => {
      const r = this.session.receive(bytes, 0, channel);
      if (!r.ok) {
        this.failure = `refused a ${channel} frame: ${r.error}`;
        return;
      }
      if (r.value.type === "stale-snapshot") this.stale++;
      if (r.value.type !== "rpc") return;
      const m = this.rpc.read(r.value.frame);
      this.heard.push(m.ok ? JSON.stringify(m.value) : m.error);
    };
    link.onclose = (code, reason) => {
      this.failure = `closed ${code} ${reason}`;
    };
  }

  /** Records and sends this round's input (acknowledging the mirror's tick) and call. */
  play(move: Move): void {
    this.session.record({ buttons: move.buttons });
    this.link.send(this.session.inputFrame()!, "reliable");
    if (!move.rpc) return;
    const w = new ByteWriter();
    if (move.rpc.name === "emote") this.rpc.writeCall("emote", { kind: move.rpc.kind }, w);
    else this.rpc.writeCall("setViewRadius", { radius: move.rpc.radius }, w);
    this.link.send(w.toBytes(), "reliable");
  }
}

const IDLE: Move = { buttons: 0, rpc: undefined };

/** The ships of `world` among `only` (all when undefined), by owner. */
function ships(world: World, only?: EntitySet): ShipValues[] {
  if (!only) return listShips(world);
  const s = world.store(Ship);
  const out: ShipValues[] = [];
  only.forEach((e) => {
    if (!world.has(e, Ship)) return;
    const [x, y, vx, vy] = [s.pos.x[e]!, s.pos.y[e]!, s.vel.x[e]!, s.vel.y[e]!];
    out.push({ owner: s.owner[e]!, x, y, vx, vy, heading: s.heading[e]! });
  });
  return out.sort((a, b) => a.owner - b.owner);
}

/**
 * Plays `script` over `carrier`; returns the room's state after it, and checks that each
 * mirror converges to the room's view of it once the link is quiet.
 */
async function play(carrier: Carrier, script: Script) {
  const host = new TransportRoomHost(arenaGame, { snapshotChannel: carrier.snapshotChannel });
  const players: Player[] = [];
  // One after the other: the order of the HELLOs gives the player ids.
  for (const name of ["ada", "bo"]) {
    const { a, b } = carrier.pair();
    host.accept(b);
    players.push(new Player(a, name));
    await carrier.settle(); // open, HELLO, WELCOME
  }
  const start = host.now;
  const interval = host.room.tickIntervalMs;
  let ticks = 0;
  const round = async (moves: readonly Move[]) => {
    // One player at a time, so the room gets the round's messages in one order whatever
    // the links' timing (the script is one sequence, not two racing ones).
    for (const [i, p] of players.entries()) {
      p.play(moves[i]!);
      await carrier.settle();
    }
    // Exactly one tick (half a ms past it, clear of rounding in the room's sum of intervals).
    host.update(start + ++ticks * interval + 0.5);
    await carrier.settle();
  };
  for (const moves of script) await round(moves);
  const room = host.room;
  const state = {
    tick: room.tick,
    ships: ships(room.world),
    players: room.players().map((p) => [p.playerId, p.name, p.connected]),
    radii: [1, 2].map((id) => room.interest?.ownRadius(id)),
    heard: players.map((p) => p.heard),
  };
  expect(room.tick).toBe(script.length - 1);
  // Quiet: idle rounds until a snapshot of the room's latest tick reached every client.
  for (let i = 0; i < 64 && players.some((p) => p.session.tick !== room.tick); i++) {
    await round([IDLE, IDLE]);
    await carrier.drain();
  }
  players.forEach((p, i) => {
    expect(p.failure).toBeUndefined();
    expect(p.session.tick).toBe(room.tick);
    const visible = new EntitySet(room.world.capacity);
    room.interest!.fill(i + 1, visible);
    expect(ships(p.session.world)).toEqual(ships(room.world, visible));
  });
  return { state, stale: players.reduce((n, p) => n + p.stale, 0), dropped: carrier.dropped() };
}

const move: fc.Arbitrary<Move> = fc.record({
  buttons: fc.integer({ min: 0, max: 15 }),
  rpc: fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    fc.record({ name: fc.constant("emote" as const), kind: fc.constantFrom(...ARENA_EMOTES) }),
    fc.record({
      name: fc.constant("setViewRadius" as const),
      radius: fc.integer({ min: 0, max: 2000 }),
    }),
  ),
});

const conditions = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  reliable: fc.record({
    latencyMs: fc.integer({ min: 0, max: 40 }),
    jitterMs: fc.integer({ min: 0, max: 30 }),
    loss: fc.double({ min: 0, max: 0.3, noNaN: true }),
    retransmitMs: fc.integer({ min: 50, max: 200 }),
  }),
  // Jitter up to 250 ms: snapshots overtake each other across rounds.
  unreliable: fc.record({
    latencyMs: fc.integer({ min: 0, max: 60 }),
    jitterMs: fc.integer({ min: 0, max: 250 }),
    loss: fc.double({ min: 0, max: 0.5, noNaN: true }),
    duplicate: fc.double({ min: 0, max: 0.3, noNaN: true }),
  }),
});

/** Every carrier of the comparison, under `c`'s conditions. */
function carriers(c: SimulatedTransportOptions): Record<string, Carrier> {
  return {
    reliable: simulated("reliable", { ...c, unreliableChannel: false }),
    lossy: simulated("unreliable", c),
    loopback: loopback("unreliable"),
    fallback: simulated("unreliable", { ...c, unreliableChannel: false }),
  };
}

describe("transport equivalence", () => {
  it("leaves the same room state over every transport, and every mirror converges", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(move, move), { minLength: 1, maxLength: 30 }),
        conditions,
        async (script, c) => {
          const runs = carriers(c);
          const { state } = await play(runs.reliable!, script);
          for (const name of ["lossy", "loopback", "fallback"])
            expect((await play(runs[name]!, script)).state, name).toEqual(state);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("is not vacuous: the lossy link drops, and the clients ignore late snapshots", async () => {
    const c = {
      seed: 7,
      reliable: { latencyMs: 20, jitterMs: 10, loss: 0.2, retransmitMs: 100 },
      unreliable: { latencyMs: 10, jitterMs: 200, loss: 0.3, duplicate: 0.2 },
    };
    const moves: [Move, Move] = [
      { buttons: 0b0101, rpc: undefined },
      { buttons: 0b0001, rpc: { name: "emote", kind: "wave" } },
    ];
    const script: Script = Array.from({ length: 40 }, () => moves);
    const runs = carriers(c);
    const reliable = await play(runs.reliable!, script);
    const lossy = await play(runs.lossy!, script);
    expect(lossy.state).toEqual(reliable.state);
    expect(lossy.dropped).toBeGreaterThan(0);
    expect(lossy.stale).toBeGreaterThan(0);
    expect(reliable.stale).toBe(0);
    // Emotes are limited to 2/s with a burst of 3: over rounds 0..39 (1.3 s of room time)
    // 3 + floor(2 × 1.3) = 5 pass. Ada hears those 5 events; bo hears them and a RESULT for
    // each of its 40 calls (5 done, 35 refused).
    expect(reliable.state.heard.map((h) => h.length)).toEqual([5, 45]);
  });
});
