// A live connection to a room: the WebSocket, the input clock and the heartbeat around a
// ClientSession. Created by connect(); the only place in the client that touches timers.

import { CLOSE, describeClose } from "../../shared/protocol/close-codes.js";
import type { WelcomeMessage } from "../../shared/protocol/server-messages.js";
import type { Entity, World } from "../../shared/world/world.js";
import type { ClientSession } from "./client-session.js";
import type { ResolvedConnectOptions } from "./connect-options.js";
import { Emitter } from "./emitter.js";

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
  close: CloseInfo;
}

/** A joined room: read `world`, call `setInput`, listen with `on`. */
export class RoomConnection<Input> {
  readonly #ws: WebSocket;
  readonly #session: ClientSession<Input>;
  readonly #options: ResolvedConnectOptions<Input>;
  readonly #events = new Emitter<RoomEvents>();
  readonly #welcome: WelcomeMessage;
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #input: Input;
  #sendDebt = 0;
  #closed: CloseInfo | undefined;

  /** @internal connect() builds it once the room has welcomed us. */
  constructor(
    ws: WebSocket,
    session: ClientSession<Input>,
    options: ResolvedConnectOptions<Input>,
  ) {
    this.#ws = ws;
    this.#session = session;
    this.#options = options;
    this.#welcome = session.welcome!;
    this.#input = options.game.idleInput;
    ws.onmessage = (e) => this.#receive(e.data);
    ws.onclose = (e) => this.#finish(e.code, e.reason);
    const tickMs = 1000 / this.#welcome.tickRate;
    this.#timers.push(setInterval(() => this.#inputTick(tickMs), tickMs));
    this.#timers.push(setInterval(() => this.#send(session.ping(now())), options.pingIntervalMs));
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
   * it). Read components with `world.store(Component)` and `world.query([...])`.
   */
  get world(): World {
    return this.#session.world;
  }

  /** The mirror entity of a server NetworkId, or -1. */
  entityOf(networkId: number): Entity {
    return this.#session.entityOf(networkId);
  }

  /** The server NetworkId of a mirror entity, or -1. */
  networkIdOf(entity: Entity): number {
    return this.#session.networkIdOf(entity);
  }

  /** Tick of the latest snapshot (-1 before the first). */
  get tick(): number {
    return this.#session.tick;
  }

  /** Players in the room, id → name, this client included. */
  get players(): ReadonlyMap<number, string> {
    return this.#session.players;
  }

  /** Latest round-trip time in milliseconds, once a pong came back. */
  get rtt(): number | undefined {
    return this.#session.rtt;
  }

  /** Why the connection ended, once it has. */
  get closed(): CloseInfo | undefined {
    return this.#closed;
  }

  /** Sets the input held from now on; it is sampled once per room tick and sent batched. */
  setInput(input: Input): void {
    this.#input = input;
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

  #inputTick(tickMs: number): void {
    this.#session.record(this.#input);
    // Frames go out at sendRate however the tick rate compares: batch several ticks per frame.
    this.#sendDebt += tickMs;
    const sendEvery = 1000 / this.#options.sendRate;
    if (this.#sendDebt + 1e-6 < sendEvery) return;
    this.#sendDebt %= sendEvery;
    const frame = this.#session.inputFrame();
    if (frame) this.#send(frame);
  }

  #receive(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) return this.#abort("text frame from server");
    const result = this.#session.receive(new Uint8Array(data), now());
    if (!result.ok) return this.#abort(result.error);
    const msg = result.value;
    if (msg.type === "snapshot")
      this.#events.emit("snapshot", { tick: this.#session.tick, world: this.#session.world });
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

function now(): number {
  return Date.now();
}
