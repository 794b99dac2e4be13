// A live spectator link to a room: the transport and the timers around a NetClient welcomed
// as a spectator, which mirrors the room's delayed broadcast stream and renders it through
// the same snapshot buffer, interpolation and RenderView as a player's connection, with no
// input and no prediction. Created by spectate(). A dropped link reconnects with backoff and
// starts watching again (connected → reconnecting → resumed | disconnected).

import { CLOSE, describeClose } from "../../../shared/protocol/close-codes.js";
import type { SpectatorWelcomeMessage } from "../../../shared/protocol/server-messages.js";
import type { RpcDeclarations, RpcTable } from "../../../shared/rpc/rpc-table.js";
import type { Entity, World } from "../../../shared/world/world.js";
import { Emitter } from "../emitter.js";
import type { NetClient } from "../net-client.js";
import type { NetStatsSample } from "../net-stats.js";
import type { RenderView } from "../render-view.js";
import { now } from "../room-connection.js";
import type { CloseInfo, ConnectionState, RoomEvents } from "../room-events.js";
import { RoomRpc } from "../room-rpc.js";
import type { Transport, TransportPath } from "../transport/transport.js";
import { avatarOfGame, FollowTarget } from "./follow-target.js";
import type { ResolvedSpectateOptions } from "./spectate-options.js";
import { SpectatorReconnector } from "./spectator-reconnector.js";

/** Events of a SpectatorConnection: a player connection's, with the same payloads. */
export type SpectatorEvents = RoomEvents;

/**
 * The listening half of a game's typed RPC: a spectator hears the events the room
 * broadcasts to everyone, with its world's ticks, and calls nothing (a room closes a
 * spectator's CALL with 4004).
 */
export type RpcEvents<D extends RpcDeclarations> = Pick<RoomRpc<D>, "on">;

/** A watched room: call `render(now)` each frame and draw `view`, centred on `followed`. */
export class SpectatorConnection<Input> {
  #transport: Transport;
  #net: NetClient<Input>;
  #welcome: SpectatorWelcomeMessage;
  readonly #options: ResolvedSpectateOptions<Input>;
  readonly #events = new Emitter<SpectatorEvents>();
  readonly #follow: FollowTarget;
  readonly #reconnector: SpectatorReconnector<Input>;
  readonly #timer: ReturnType<typeof setInterval>;
  #rpc: RoomRpc<RpcDeclarations> | undefined;
  #closed: CloseInfo | undefined;
  #state: ConnectionState = "connected";
  /** When the room was last heard from, on the now() clock (ms). */
  #lastHeard = now();
  #unstats: () => void = () => {};

  /** @internal spectate() builds it once the room has welcomed the spectator. */
  constructor(
    transport: Transport,
    net: NetClient<Input>,
    options: ResolvedSpectateOptions<Input>,
    setSend: (send: (bytes: Uint8Array) => void) => void,
  ) {
    this.#transport = transport;
    this.#net = net;
    this.#welcome = net.session.spectatorWelcome!;
    this.#options = options;
    this.#follow = new FollowTarget(
      options.avatarOf ?? avatarOfGame(options.game),
      options.game.name,
    );
    setSend((bytes) => this.#send(bytes));
    this.#reconnector = new SpectatorReconnector(options, {
      now,
      send: (bytes) => this.#send(bytes),
      rejoined: (t, n, w) => this.#rejoined(t, n, w),
      ended: (code, reason, retryable) => this.#finish(code, reason, retryable),
    });
    this.#attach(transport, net);
    // Nothing is due per tick (no input): pings, stats and the idle check run once a tick.
    this.#timer = setInterval(() => this.#poll(), Math.max(4, 1000 / this.#welcome.tickRate));
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
   * How far behind the live room the stream runs, ms (the room's `spectatorDelayMs`, whole
   * ticks): the mirror never holds a tick later than the room's current tick minus this.
   * The view renders the interpolation delay further back.
   */
  get delayMs(): number {
    return (this.#welcome.delayTicks * 1000) / this.#welcome.tickRate;
  }

  /** The same delay in ticks. */
  get delayTicks(): number {
    return this.#welcome.delayTicks;
  }

  /** Ticks between the stream's keyframes (where a spectator's stream starts). */
  get keyframeTicks(): number {
    return this.#welcome.keyframeTicks;
  }

  /** What carries the link now (see RoomConnection.transportPath). */
  get transportPath(): TransportPath {
    return this.#transport.path;
  }

  /** The mirror of the room's replicated entities as of the latest (delayed) snapshot. */
  get world(): World {
    return this.#net.world;
  }

  /** What to draw, refreshed by {@link render}: every entity interpolated. */
  get view(): RenderView {
    return this.#net.view;
  }

  /** Tick of the latest snapshot (−1 before the first). */
  get tick(): number {
    return this.#net.session.tick;
  }

  /** The mirror entity of a server NetworkId, or −1. */
  entityOf(networkId: number): Entity {
    return this.#net.session.entityOf(networkId);
  }

  /** The server NetworkId of a mirror entity, or −1. */
  networkIdOf(entity: Entity): number {
    return this.#net.session.networkIdOf(entity);
  }

  /**
   * Players in the room, id → name, as the room announces them (at once: the world shows
   * a newcomer's avatar `delayMs` later).
   */
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

  /** The transport-free netcode core (clocks, buffers) for tools and tests. */
  get netcode(): NetClient<Input> {
    return this.#net;
  }

  /** Why the connection ended, once it has. */
  get closed(): CloseInfo | undefined {
    return this.#closed;
  }

  /** The connection state (events: `state`). */
  get state(): ConnectionState {
    return this.#state;
  }

  /**
   * Follows player `playerId` (the camera centres on {@link followed}), or roams with
   * null. Kept across reconnections and while the player has no avatar.
   * @throws RangeError for an id outside [1, 65535]; Error when the game declares no
   *   `netcode.predicted` and no `avatarOf` was given.
   */
  follow(playerId: number | null): void {
    this.#follow.follow(playerId);
  }

  /** The followed player, or null while roaming. */
  get following(): number | null {
    return this.#follow.playerId;
  }

  /**
   * The entity to centre the camera on: the followed player's avatar in {@link world}
   * (indexes {@link view} too), or −1 while roaming or when it has none.
   */
  get followed(): Entity {
    return this.#follow.entity(this.#net.world);
  }

  /**
   * Brings {@link view} to `now` (ms on the `performance.now()` clock; default: now) and
   * returns it. Call it once per animation frame before drawing.
   */
  render(at: number = now()): RenderView {
    this.#poll(at);
    this.#net.render(at);
    return this.#net.view;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof SpectatorEvents>(
    event: K,
    listener: (payload: SpectatorEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /**
   * The game's RPC events as the room broadcasts them to everyone (`rpc(ARENA_RPCS).on(
   * "emoted", …)`), delivered with their tick's state. The first call fixes the table.
   */
  rpc<D extends RpcDeclarations>(table: RpcTable<D>): RpcEvents<D> {
    // Spectators call nothing: a send that refuses makes a stray call fail at once.
    this.#rpc ??= new RoomRpc(table, () => false) as unknown as RoomRpc<RpcDeclarations>;
    return this.#rpc as unknown as RoomRpc<D>;
  }

  /** Stops watching (a goodbye). */
  close(): void {
    this.#transport.close(CLOSE.NORMAL.code, "client left");
    this.#finish(CLOSE.NORMAL.code, "client left");
  }

  /** Drops the link without a goodbye, as a network failure would (tests, demos). */
  dropLink(): void {
    if (this.#state === "reconnecting" || this.#closed) return;
    const transport = this.#transport;
    transport.onclose = null;
    transport.onmessage = null;
    transport.close(4999, "link dropped on purpose");
    this.#lost(4999, "link dropped on purpose");
  }

  #attach(transport: Transport, net: NetClient<Input>): void {
    transport.onmessage = (bytes, channel) => {
      if (this.#closed) return;
      this.#lastHeard = now();
      const result = net.receive(bytes, now(), channel);
      if (!result.ok) return this.#abort(result.error);
      const msg = result.value;
      if (msg.type === "snapshot")
        this.#events.emit("snapshot", { tick: net.session.tick, world: net.world });
      else if (msg.type === "player-joined")
        this.#events.emit("player-joined", { playerId: msg.playerId, name: msg.name });
      else if (msg.type === "player-left")
        this.#events.emit("player-left", { playerId: msg.playerId });
      else if (msg.type === "player-status")
        this.#events.emit("player-status", { playerId: msg.playerId, connected: msg.connected });
      else if (msg.type === "rpc" && this.#rpc) {
        const refused = this.#rpc.receive(msg.frame);
        if (refused !== undefined) return this.#abort(refused);
      }
    };
    transport.onclose = (code, reason) => this.#lost(code, reason);
    transport.onerror = null; // the close that follows carries the outcome
    net.path = transport.path;
    this.#unstats();
    this.#unstats = net.on("stats", (s) => this.#events.emit("stats", s));
  }

  #poll(at: number = now()): void {
    if (this.#closed || this.#state === "reconnecting") return;
    const idle = this.#options.reconnect?.idleTimeoutMs;
    if (idle !== undefined && at - this.#lastHeard > idle) {
      // A half-open link never reports its own death: closing it is the only way to learn.
      this.#transport.onclose = null;
      this.#transport.close(CLOSE.IDLE_TIMEOUT.code, CLOSE.IDLE_TIMEOUT.reason);
      return this.#lost(CLOSE.IDLE_TIMEOUT.code, CLOSE.IDLE_TIMEOUT.reason);
    }
    this.#net.path = this.#transport.path;
    this.#net.update(at);
  }

  /** The link closed under us: watch again if the code allows it, else it is over. */
  #lost(code: number, reason: string): void {
    if (this.#closed || this.#state === "reconnecting") return;
    const retryable = describeClose(code)?.retryable ?? code !== CLOSE.NORMAL.code;
    if (!this.#options.reconnect || !retryable) return this.#finish(code, reason);
    this.#setState("reconnecting", { code, reason, retryable });
    this.#reconnector.start({ code, reason, retryable });
  }

  /** The room welcomed a reconnection: its link and core replace ours. */
  #rejoined(transport: Transport, net: NetClient<Input>, welcome: SpectatorWelcomeMessage): void {
    this.#transport = transport;
    this.#net = net;
    this.#welcome = welcome;
    this.#lastHeard = now();
    this.#follow.invalidate();
    this.#attach(transport, net);
    this.#setState("resumed");
  }

  #setState(state: ConnectionState, close?: CloseInfo): void {
    this.#state = state;
    this.#events.emit("state", close ? { state, close } : { state });
  }

  #abort(detail: string): void {
    const reason = `${CLOSE.MALFORMED_FRAME.reason}: ${detail}`.slice(0, 120);
    this.#transport.close(CLOSE.MALFORMED_FRAME.code, reason);
    this.#finish(CLOSE.MALFORMED_FRAME.code, reason);
  }

  /** Pings, on the current link (false when it is not open). */
  #send(bytes: Uint8Array): boolean {
    if (this.#transport.state !== "open") return false;
    this.#transport.send(bytes, "reliable");
    return true;
  }

  #finish(code: number, reason: string, retryable?: boolean): void {
    if (this.#closed) return;
    clearInterval(this.#timer);
    this.#reconnector.cancel();
    this.#closed = {
      code,
      reason,
      retryable: retryable ?? describeClose(code)?.retryable ?? code !== CLOSE.NORMAL.code,
    };
    this.#setState("disconnected", this.#closed);
    this.#events.emit("close", this.#closed);
    this.#rpc?.close();
  }
}
