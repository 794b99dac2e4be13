// A live connection to a room: the WebSocket, the timers and the optional simulated link
// around a NetClient (which holds the protocol and the netcode). Created by connect(); the
// only place in the client that touches timers and the real clock.

import { CLOSE, describeClose } from "../../shared/protocol/close-codes.js";
import type { WelcomeMessage } from "../../shared/protocol/server-messages.js";
import type { Entity, World } from "../../shared/world/world.js";
import type { ResolvedConnectOptions } from "./connect-options.js";
import { Emitter } from "./emitter.js";
import type { NetClient } from "./net-client.js";
import type { NetStatsSample } from "./net-stats.js";
import type { RenderView } from "./render-view.js";
import { SimulatedLink } from "./simulated-link.js";

/** Why a connection ended. */
export interface CloseInfo {
  /** The WebSocket close code (see docs/protocol.md, "Close codes"). */
  readonly code: number;
  readonly reason: string;
  /** Whether connecting again can succeed (false for protocol errors, a refused hello…). */
  readonly retryable: boolean;
}

/** Events of a RoomConnection, with their payloads. */
export interface RoomEvents {
  /** The mirror world was brought to tick `tick`. */
  snapshot: { readonly tick: number; readonly world: World };
  "player-joined": { readonly playerId: number; readonly name: string };
  "player-left": { readonly playerId: number };
  /** A statistics sample, every `netcode.statsIntervalMs`. */
  stats: NetStatsSample;
  close: CloseInfo;
}

/** A joined room: call `setInput`, `render(now)` each frame and draw `view`; listen with `on`. */
export class RoomConnection<Input> {
  readonly #ws: WebSocket;
  readonly #net: NetClient<Input>;
  readonly #events = new Emitter<RoomEvents>();
  readonly #welcome: WelcomeMessage;
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  readonly #up: SimulatedLink<Uint8Array> | undefined;
  readonly #down: SimulatedLink<Uint8Array> | undefined;
  #closed: CloseInfo | undefined;

  /** @internal connect() builds it once the room has welcomed us. */
  constructor(
    ws: WebSocket,
    net: NetClient<Input>,
    options: ResolvedConnectOptions<Input>,
    setSend: (send: (bytes: Uint8Array) => void) => void,
  ) {
    this.#ws = ws;
    this.#net = net;
    this.#welcome = net.session.welcome!;
    const sim = options.simulate;
    if (sim) {
      const seed = sim.seed ?? 1;
      this.#up = new SimulatedLink({ ...sim, ordered: true, seed });
      this.#down = new SimulatedLink({ ...sim, ordered: true, seed: seed + 1 });
    }
    setSend((bytes) => {
      if (this.#up) this.#up.send(bytes.slice(), now());
      else this.#send(bytes);
    });
    ws.onmessage = (e) => {
      if (!(e.data instanceof ArrayBuffer)) return this.#abort("text frame from server");
      const bytes = new Uint8Array(e.data);
      if (this.#down) this.#down.send(bytes, now());
      else this.#receive(bytes);
    };
    ws.onclose = (e) => this.#finish(e.code, e.reason);
    net.on("stats", (s) => this.#events.emit("stats", s));
    // Input ticks are due every 1000 / tickRate ms; polling at a quarter of that keeps their
    // timing within a few ms (a simulated link is polled every 4 ms).
    const pollMs = sim ? 4 : Math.max(4, 1000 / this.#welcome.tickRate / 4);
    this.#timers.push(setInterval(() => this.#poll(), pollMs));
  }

  /** This client's player id in the room. */
  get playerId(): number {
    return this.#welcome.playerId;
  }

  /** The room's id. */
  get roomId(): string {
    return this.#welcome.roomId;
  }

  /** The room's simulation rate, in Hz. */
  get tickRate(): number {
    return this.#welcome.tickRate;
  }

  /**
   * The mirror of the room's replicated entities, as of the latest snapshot (empty before
   * it): the authoritative values as received. Draw {@link view} instead.
   */
  get world(): World {
    return this.#net.world;
  }

  /**
   * What to draw, refreshed by {@link render}: every mirror entity's replicated components,
   * remote ones interpolated, predicted ones ahead and smoothed. Indexed like {@link world}.
   */
  get view(): RenderView {
    return this.#net.view;
  }

  /** The mirror entity of a server NetworkId, or -1. */
  entityOf(networkId: number): Entity {
    return this.#net.session.entityOf(networkId);
  }

  /** The server NetworkId of a mirror entity, or -1. */
  networkIdOf(entity: Entity): number {
    return this.#net.session.networkIdOf(entity);
  }

  /** Tick of the latest snapshot (-1 before the first). */
  get tick(): number {
    return this.#net.session.tick;
  }

  /** Players in the room, id → name, this client included. */
  get players(): ReadonlyMap<number, string> {
    return this.#net.session.players;
  }

  /** Latest round-trip time in milliseconds, once a pong came back. */
  get rtt(): number | undefined {
    return this.#net.session.rtt;
  }

  /** The latest statistics sample (undefined during the first interval). */
  get stats(): NetStatsSample | undefined {
    return this.#net.stats;
  }

  /** The socket-free netcode core (prediction counters, clocks, buffers) for tools and tests. */
  get netcode(): NetClient<Input> {
    return this.#net;
  }

  /** Why the connection ended, once it has. */
  get closed(): CloseInfo | undefined {
    return this.#closed;
  }

  /** Sets the input held from now on; sampled once per input tick, predicted and sent batched. */
  setInput(input: Input): void {
    this.#net.setInput(input);
  }

  /**
   * Brings {@link view} to `now` (ms on the `performance.now()` clock; default: now). Call
   * it once per animation frame before drawing.
   */
  render(at: number = now()): void {
    this.#poll(at);
    this.#net.render(at);
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof RoomEvents>(event: K, listener: (payload: RoomEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Leaves the room. */
  close(): void {
    if (this.#ws.readyState === this.#ws.OPEN || this.#ws.readyState === this.#ws.CONNECTING) {
      this.#ws.close(CLOSE.NORMAL.code, "client left");
    }
    this.#finish(CLOSE.NORMAL.code, "client left");
  }

  #poll(at: number = now()): void {
    if (this.#closed) return;
    if (this.#up) for (const bytes of this.#up.poll(at)) this.#send(bytes);
    if (this.#down) for (const bytes of this.#down.poll(at)) this.#receive(bytes);
    this.#net.update(at);
  }

  #receive(bytes: Uint8Array): void {
    if (this.#closed) return;
    const result = this.#net.receive(bytes, now());
    if (!result.ok) return this.#abort(result.error);
    const msg = result.value;
    if (msg.type === "snapshot")
      this.#events.emit("snapshot", { tick: this.#net.session.tick, world: this.#net.world });
    else if (msg.type === "player-joined")
      this.#events.emit("player-joined", { playerId: msg.playerId, name: msg.name });
    else if (msg.type === "player-left")
      this.#events.emit("player-left", { playerId: msg.playerId });
  }

  #abort(detail: string): void {
    const reason = `${CLOSE.MALFORMED_FRAME.reason}: ${detail}`.slice(0, 120);
    this.#ws.close(CLOSE.MALFORMED_FRAME.code, reason);
    this.#finish(CLOSE.MALFORMED_FRAME.code, reason);
  }

  #send(bytes: Uint8Array): void {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(bytes);
  }

  #finish(code: number, reason: string): void {
    if (this.#closed) return;
    for (const t of this.#timers) clearInterval(t);
    this.#closed = {
      code,
      reason,
      retryable: describeClose(code)?.retryable ?? code !== CLOSE.NORMAL.code,
    };
    this.#events.emit("close", this.#closed);
  }
}

/** The adapter's clock: monotonic where the platform has one. */
export function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}
