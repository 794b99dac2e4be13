// The room core and N netcode clients in one process over seeded simulated links, with a
// manual clock: `step(ms)` advances time, runs the room's due ticks, delivers the frames
// that are due in both directions, and updates every client. Nothing reads a real clock,
// so a seed replays a session exactly. Tests only (not exported by the package).

import { NetClient } from "../../client/src/net-client.js";
import { type NetcodeOptions, resolveNetcodeOptions } from "../../client/src/netcode-options.js";
import { SimulatedLink, type SimulatedLinkOptions } from "../../client/src/simulated-link.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import { RoomCore } from "../../shared/room/room-core.js";
import type { RoomOptions } from "../../shared/room/room-options.js";
import type { ConnectionId, RoomSink } from "../../shared/room/room-sink.js";

/** One simulated player. */
export interface HarnessClient<Input> {
  readonly id: ConnectionId;
  readonly net: NetClient<Input>;
  /** Client → room. */
  readonly up: SimulatedLink<Uint8Array>;
  /** Room → client. */
  readonly down: SimulatedLink<Uint8Array>;
  /** Set when the room closed this connection, or the client refused a frame. */
  closed?: string;
}

/** Settings of a {@link NetHarness}. */
export interface NetHarnessOptions {
  /** Link conditions of each direction (seeds are varied per client and direction). */
  up?: SimulatedLinkOptions;
  down?: SimulatedLinkOptions;
  netcode?: NetcodeOptions;
  room?: RoomOptions;
  /** INPUT frames per second. @default 30 */
  sendRate?: number;
  /** @default 8 */
  maxInputsPerFrame?: number;
  /** @default 1000 */
  pingIntervalMs?: number;
  /** Base seed. @default 1 */
  seed?: number;
}

/** A room and its clients on a manual clock. */
export class NetHarness<Input> implements RoomSink {
  readonly room: RoomCore<Input>;
  readonly clients: HarnessClient<Input>[] = [];
  /** Local time, ms (shared by the room and the clients: offsets are the links' business). */
  now = 1_000;
  readonly #game: GameDefinition<Input>;
  readonly #options: NetHarnessOptions;
  readonly #byId = new Map<ConnectionId, HarnessClient<Input>>();
  /** Called after the room ran a tick (see {@link onTick}). */
  #tickListeners: ((tick: number) => void)[] = [];
  #lastTick = -1;

  constructor(game: GameDefinition<Input>, options: NetHarnessOptions = {}) {
    this.#game = game;
    this.#options = options;
    this.room = new RoomCore(game, "harness", this, options.room);
  }

  /** Opens a connection and says hello; the client is welcomed once the frames travel. */
  join(name: string): HarnessClient<Input> {
    const i = this.clients.length;
    const seed = (this.#options.seed ?? 1) * 1000 + i * 2;
    const netcode = resolveNetcodeOptions(this.#options.netcode);
    const client: HarnessClient<Input> = {
      id: `c${i}`,
      up: new SimulatedLink({ ...this.#options.up, seed }),
      down: new SimulatedLink({ ...this.#options.down, seed: seed + 1 }),
      net: undefined as unknown as NetClient<Input>,
    };
    const net = new NetClient(
      this.#game,
      {
        sendRate: this.#options.sendRate ?? 30,
        maxInputsPerFrame: this.#options.maxInputsPerFrame ?? 8,
        pingIntervalMs: this.#options.pingIntervalMs ?? 1000,
        netcode,
      },
      (bytes) => client.up.send(bytes.slice(), this.now),
    );
    (client as { net: NetClient<Input> }).net = net;
    this.clients.push(client);
    this.#byId.set(client.id, client);
    this.room.open(client.id, this.now);
    client.up.send(net.hello(name, "token"), this.now);
    return client;
  }

  /** Calls `listener(tick)` after every room tick (before its snapshots travel). */
  onTick(listener: (tick: number) => void): void {
    this.#tickListeners.push(listener);
  }

  /** Advances the clock by `ms` in 1 ms steps. */
  step(ms: number): void {
    for (let i = 0; i < ms; i++) {
      this.now += 1;
      this.room.update(this.now);
      if (this.room.tick !== this.#lastTick) {
        this.#lastTick = this.room.tick;
        for (const l of this.#tickListeners) l(this.room.tick);
      }
      for (const c of this.clients) {
        if (c.closed) continue;
        for (const bytes of c.up.poll(this.now)) this.room.receive(c.id, bytes, this.now);
        for (const bytes of c.down.poll(this.now)) {
          const r = c.net.receive(bytes, this.now);
          if (!r.ok) c.closed = `client refused a frame: ${r.error}`;
        }
        c.net.update(this.now);
      }
    }
  }

  // RoomSink: frames go onto the client's downlink; bytes are a reused view, so copy.
  send(conn: ConnectionId, bytes: Uint8Array): void {
    this.#byId.get(conn)?.down.send(bytes.slice(), this.now);
  }

  close(conn: ConnectionId, code: number, reason: string): void {
    const c = this.#byId.get(conn);
    if (c) c.closed = `room closed ${code} ${reason}`;
  }

  setTicking(): void {}
}
