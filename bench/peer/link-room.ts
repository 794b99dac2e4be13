// The peer bench's room: one arena RoomCore and its players' NetClients, each over a seeded
// simulated transport pair, on a manual clock advanced 1 ms at a time. The same room runs
// as a WebSocket room ("websocket": one ordered link carries every frame, snapshots reliable
// on last-sent baselines) or as a data channel host ("dataChannel": room option
// snapshotChannel "unreliable", snapshots on an unordered link that drops, everything else
// on the ordered one). Each client counts what it receives, payload and wire bytes.

import { DEFAULT_CONNECT_OPTIONS } from "../../client/src/connect-options.js";
import { NetClient } from "../../client/src/net-client.js";
import { resolveNetcodeOptions } from "../../client/src/netcode-options.js";
import {
  type SimulatedTransportPair,
  simulatedTransportPair,
} from "../../client/src/transport/simulated-transport.js";
import type { ArenaInput } from "../../games/arena/index.js";
import { arenaGame } from "../../games/arena/index.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import type { Channel } from "../../shared/protocol/channel.js";
import { RoomCore } from "../../shared/room/room-core.js";
import type { ConnectionId, RoomSink } from "../../shared/room/room-sink.js";
import { type Carrier, wireBytes } from "./framing.js";

/** Network conditions of every link, both directions. */
export interface LinkConditions {
  /** One-way delay, ms. */
  readonly latencyMs: number;
  /** Extra delay, uniform in [0, jitterMs], ms. */
  readonly jitterMs: number;
  /** Probability a frame is lost: retransmitted on the ordered link, dropped on the unordered one. */
  readonly loss: number;
  /** How late a retransmitted frame arrives, ms. */
  readonly retransmitMs: number;
}

/** What one client received while counting. */
export interface Received {
  frames: number;
  /** Room frames' bytes. */
  payloadBytes: number;
  /** Payload plus framing (framing.ts). */
  wireBytes: number;
  /** Frames that came on the unreliable channel. */
  unreliableFrames: number;
  /** The largest frame, bytes. */
  largestFrame: number;
}

/** One player: its netcode, its link and what it received. */
export interface LinkClient {
  readonly conn: ConnectionId;
  readonly net: NetClient<ArenaInput>;
  readonly pair: SimulatedTransportPair;
  readonly received: Received;
  /** Set when the room closed the connection, the link closed, or the client refused a frame. */
  failure: string | undefined;
}

/** Called after each room step with the tick just simulated and the inputs it applied. */
export type StepListener = (tick: number, inputs: ReadonlyMap<number, ArenaInput>) => void;

/** The room and its clients on one manual clock. */
export class LinkRoom implements RoomSink {
  readonly room: RoomCore<ArenaInput>;
  readonly clients: LinkClient[] = [];
  readonly carrier: Carrier;
  /** Local time, ms: the room's and every client's (offsets are the links' business). */
  now = 0;
  /** While true, clients count what they receive. */
  counting = false;
  readonly #conditions: LinkConditions;
  readonly #seed: number;
  readonly #hosts = new Map<ConnectionId, LinkClient>();

  constructor(carrier: Carrier, conditions: LinkConditions, seed: number, onStep?: StepListener) {
    this.carrier = carrier;
    this.#conditions = conditions;
    this.#seed = seed;
    // The room's arena, with a look at what each step applied (the tick it computes is the
    // one after the room's last); the clients predict with the plain one.
    const game: GameDefinition<ArenaInput> = {
      ...arenaGame,
      step: (world, inputs, dt) => {
        arenaGame.step(world, inputs, dt);
        onStep?.(this.room.tick + 1, inputs);
      },
    };
    this.room = new RoomCore(game, "peer-bench", this, {
      snapshotChannel: carrier === "dataChannel" ? "unreliable" : "reliable",
    });
  }

  /** Opens a link for a new player; it says hello once the link opens (the next step). */
  join(name: string): LinkClient {
    const i = this.clients.length;
    const { latencyMs, jitterMs, loss, retransmitMs } = this.#conditions;
    const pair = simulatedTransportPair({
      reliable: { latencyMs, jitterMs, loss, retransmitMs },
      unreliable: { latencyMs, jitterMs, loss },
      unreliableChannel: this.carrier === "dataChannel",
      seed: this.#seed * 64 + i,
    });
    const conn = `c${i}`;
    const received: Received = {
      frames: 0,
      payloadBytes: 0,
      wireBytes: 0,
      unreliableFrames: 0,
      largestFrame: 0,
    };
    const net = new NetClient(
      arenaGame,
      {
        sendRate: DEFAULT_CONNECT_OPTIONS.sendRate,
        maxInputsPerFrame: DEFAULT_CONNECT_OPTIONS.maxInputsPerFrame,
        pingIntervalMs: DEFAULT_CONNECT_OPTIONS.pingIntervalMs,
        netcode: resolveNetcodeOptions(),
      },
      // Inputs and pings are reliable on either carrier.
      (bytes) => pair.a.send(bytes, "reliable"),
    );
    const client: LinkClient = { conn, net, pair, received, failure: undefined };
    this.clients.push(client);
    this.#hosts.set(conn, client);
    const fail = (why: string) => {
      client.failure ??= why;
    };
    pair.a.onopen = () => pair.a.send(net.hello(name, ""), "reliable");
    pair.a.onmessage = (bytes, channel) => {
      if (this.counting) this.#count(received, bytes, channel);
      const r = net.receive(bytes, this.now, channel);
      if (!r.ok) fail(`client ${conn} refused a ${channel} frame: ${r.error}`);
    };
    pair.a.onclose = (code, reason) => fail(`link ${conn} closed ${code} ${reason}`);
    pair.b.onopen = () => this.room.open(conn, this.now);
    pair.b.onmessage = (bytes) => this.room.receive(conn, bytes, this.now);
    pair.b.onclose = (code, reason) => fail(`room end of ${conn} closed ${code} ${reason}`);
    return client;
  }

  /**
   * Advances the clock 1 ms: the links deliver what is due (which also stamps what is sent
   * next with the new time), the room runs its due tick, the clients run their input ticks,
   * and, when `render` is set, each client renders a frame.
   */
  step(render: boolean): void {
    this.now++;
    for (const c of this.clients) c.pair.poll(this.now);
    this.room.update(this.now);
    for (const c of this.clients) {
      if (render) c.net.render(this.now);
      else c.net.update(this.now);
    }
  }

  /** Runs exactly one more room tick (at its due time), the clients left idle. */
  tickOnce(): void {
    const tick = this.room.tick;
    for (let i = 0; i < 1000 && this.room.tick === tick; i++) {
      this.now++;
      for (const c of this.clients) c.pair.poll(this.now);
      this.room.update(this.now);
    }
  }

  /**
   * Lets everything in flight arrive without new input ticks or room ticks (answers the room
   * makes on the way, pongs, travel too); throws if the links never empty.
   */
  drain(): void {
    for (let i = 0; i < 100_000; i++) {
      if (this.clients.every((c) => c.pair.inFlight === 0)) return;
      this.now++;
      for (const c of this.clients) c.pair.poll(this.now);
    }
    throw new Error("the simulated links never went quiet");
  }

  // RoomSink: the frame goes out on the channel the room picked (the pair copies it).
  send(conn: ConnectionId, bytes: Uint8Array, channel: Channel = "reliable"): void {
    this.#hosts.get(conn)?.pair.b.send(bytes, channel);
  }

  close(conn: ConnectionId, code: number, reason: string): void {
    const c = this.#hosts.get(conn);
    if (c) c.failure ??= `room closed ${conn} with ${code}: ${reason}`;
  }

  setTicking(): void {}

  #count(r: Received, bytes: Uint8Array, channel: Channel): void {
    r.frames++;
    r.payloadBytes += bytes.length;
    r.wireBytes += wireBytes(this.carrier, bytes, channel);
    if (channel === "unreliable") r.unreliableFrames++;
    r.largestFrame = Math.max(r.largestFrame, bytes.length);
  }
}
