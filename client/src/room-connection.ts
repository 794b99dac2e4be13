// A live connection to a room: the link (room-link.ts: the transport, the optional simulated
// network, the room's silence) and the timers around a NetClient (which holds the protocol and
// the netcode). Created by connect(); with its Reconnector, the only place in the client that
// touches timers and the real clock. When the link drops with a retryable code or goes silent,
// it reconnects with backoff and resumes its player (connection states: connected →
// reconnecting → resumed | disconnected); its events are room-events.ts's.

import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { CLOSE, describeClose } from "../../shared/protocol/close-codes.js";
import type { WelcomeMessage } from "../../shared/protocol/server-messages.js";
import { encodeVoice, type VoiceFrame } from "../../shared/protocol/voice-messages.js";
import type { RpcDeclarations, RpcTable } from "../../shared/rpc/rpc-table.js";
import type { Entity, World } from "../../shared/world/world.js";
import { checkRate, type ResolvedConnectOptions } from "./connect-options.js";
import { Emitter } from "./emitter.js";
import type { NetClient } from "./net-client.js";
import type { NetStatsSample } from "./net-stats.js";
import { Reconnector } from "./reconnector.js";
import type { RenderView } from "./render-view.js";
import {
  type CloseInfo,
  type ConnectionState,
  emitReceived,
  type RoomEvents,
} from "./room-events.js";
import { RoomLink } from "./room-link.js";
import { RoomRpc } from "./room-rpc.js";
import type { Channel, Transport, TransportPath } from "./transport/transport.js";

/** A joined room: call `setInput`, `render(now)` each frame and draw `view`; listen with `on`. */
export class RoomConnection<Input> {
  /** The transport now (a resumed reconnection's replaces it), with what is in front of it. */
  readonly #link: RoomLink;
  #net: NetClient<Input>;
  readonly #events = new Emitter<RoomEvents>();
  /** Typed RPC, created by the first {@link rpc} call. */
  #rpc: RoomRpc<RpcDeclarations> | undefined;
  #welcome: WelcomeMessage;
  readonly #options: ResolvedConnectOptions<Input>;
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #closed: CloseInfo | undefined;
  #state: ConnectionState = "connected";
  /** Resumes the player after a retryable drop; idle while connected. */
  readonly #reconnector: Reconnector<Input>;
  #maxBytesPerSecond = 0;
  /** Voice frames are encoded here, one at a time. */
  readonly #voiceOut = new ByteWriter(512);
  #unstats: () => void = () => {};

  /** @internal connect() builds it once the room has welcomed us. */
  constructor(
    transport: Transport,
    net: NetClient<Input>,
    options: ResolvedConnectOptions<Input>,
    setSend: (send: (bytes: Uint8Array) => void) => void,
  ) {
    const sim = options.simulate;
    this.#link = new RoomLink(
      transport,
      sim,
      {
        receive: (bytes, channel) => this.#receive(bytes, channel),
        lost: (code, reason) => this.#lost(code, reason),
      },
      now,
    );
    this.#net = net;
    this.#options = options;
    this.#welcome = net.session.welcome!;
    setSend((bytes) => this.#link.sendFrame(bytes));
    this.#reconnector = new Reconnector(options, {
      now,
      input: () => this.#net.input,
      send: (bytes) => this.#link.sendFrame(bytes),
      resumed: (transport, net, welcome) => this.#resume(transport, net, welcome),
      ended: (code, reason, retryable) => this.#finish(code, reason, retryable),
    });
    this.#attach(net);
    this.#maxBytesPerSecond = options.maxBytesPerSecond;
    this.#sendRate();
    // Input ticks are due every 1000 / tickRate ms; polling at a quarter of that keeps their
    // timing within a few ms (a simulated link is polled every 4 ms).
    const pollMs = sim ? 4 : Math.max(4, 1000 / this.#welcome.tickRate / 4);
    this.#timers.push(setInterval(() => this.#poll(), pollMs));
  }

  /**
   * Caps the state this client receives, bytes per second (0: no cap of its own; the room
   * keeps to its own budget and never goes below 1024), e.g. lower on a metered or congested
   * link. Kept across reconnections.
   * @throws RangeError when not an integer in [0, 2^32 − 1].
   */
  setMaxBytesPerSecond(bytesPerSecond: number): void {
    checkRate("maxBytesPerSecond", bytesPerSecond);
    this.#maxBytesPerSecond = bytesPerSecond;
    this.#sendRate(true);
  }

  /** Tells the room the cap (on a new link only when there is one). */
  #sendRate(always = false): void {
    if (always || this.#maxBytesPerSecond > 0)
      this.#link.send(this.#net.session.rate(this.#maxBytesPerSecond));
  }

  /** This client's player id in the room. */
  get playerId(): number {
    return this.#welcome.playerId;
  }

  /** The room's id. */
  get roomId(): string {
    return this.#welcome.roomId;
  }

  /**
   * What carries the link now: `"websocket"` to a room on the edge, `"direct"`, `"turn"` or
   * `"relay"` to a peer host, `"local"` in process, `"simulated"` in tests (also in `stats`).
   */
  get transportPath(): TransportPath {
    return this.#link.transport.path;
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

  /** The transport-free netcode core (prediction counters, clocks, buffers) for tools and tests. */
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

  /**
   * Sends one voice frame (a 20 ms Opus packet of this player's talk spurt) to the room,
   * which relays it to the players who should hear it. VoiceChat calls this; false when
   * the link is not open (the frame is dropped: late audio is worth nothing).
   */
  sendVoice(frame: VoiceFrame): boolean {
    if (this.#closed || this.#state === "reconnecting") return false;
    encodeVoice(this.#voiceOut.reset(), frame);
    // A copy: in-process and simulated links hold on to the bytes they are given.
    return this.#link.sendOwn(this.#voiceOut.toBytes());
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof RoomEvents>(event: K, listener: (payload: RoomEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Leaves the room (a goodbye: the room removes the player at once). */
  close(): void {
    this.#link.close(CLOSE.NORMAL.code, "client left");
    this.#finish(CLOSE.NORMAL.code, "client left");
  }

  /**
   * Drops the link without a goodbye, as a network failure would (for tests and demos): the
   * room keeps the player for its grace period and this connection reconnects and resumes.
   */
  dropLink(): void {
    if (this.#state === "reconnecting" || this.#closed) return;
    this.#link.drop(4999, "link dropped on purpose");
    this.#lost(4999, "link dropped on purpose");
  }

  /** Wires `net` to the link now: its path, and its statistics to `stats`. */
  #attach(net: NetClient<Input>): void {
    net.path = this.#link.transport.path;
    this.#unstats();
    this.#unstats = net.on("stats", (s) => this.#events.emit("stats", s));
  }

  #poll(at: number = now()): void {
    const link = this.#link;
    link.polled(at);
    if (this.#closed || this.#state === "reconnecting") return;
    if (link.silentLongerThan(this.#options.reconnect?.idleTimeoutMs)) {
      // A dead link: no snapshot and no pong for that long. Closing it locally is the only
      // way to learn, as a half-open TCP connection never reports its own death.
      link.giveUp(CLOSE.ROOM_SILENT.code, CLOSE.ROOM_SILENT.reason);
      return this.#lost(CLOSE.ROOM_SILENT.code, CLOSE.ROOM_SILENT.reason);
    }
    link.pollSimulated(at);
    // A WebRTC link learns its path (direct, TURN) once connected, and may change it.
    this.#net.path = link.transport.path;
    // Unreliable calls held while the link was backed up go out once it drained.
    this.#rpc?.flush();
    this.#net.update(at);
  }

  /** The link closed under us: reconnect if the code allows it, else it is over. */
  #lost(code: number, reason: string): void {
    if (this.#closed || this.#state === "reconnecting") return;
    const retryable = describeClose(code)?.retryable ?? code !== CLOSE.NORMAL.code;
    if (!this.#options.reconnect || !retryable || this.#welcome.resumeToken === "")
      return this.#finish(code, reason);
    // Answers to calls sent on this link would come on it: they are lost with it.
    this.#rpc?.linkLost(`link lost (${code}) before the answer`);
    this.#setState("reconnecting", { code, reason, retryable });
    this.#reconnector.start({ code, reason, retryable }, this.#welcome.resumeToken);
  }

  /** The room welcomed a reconnection back as the same player: its link replaces ours. */
  #resume(transport: Transport, net: NetClient<Input>, welcome: WelcomeMessage): void {
    this.#link.attach(transport);
    this.#net = net;
    this.#welcome = welcome;
    this.#link.heard();
    this.#attach(net);
    // A new link starts without the cap: say it again.
    this.#sendRate();
    this.#setState("resumed");
  }

  #setState(state: ConnectionState, close?: CloseInfo): void {
    this.#state = state;
    this.#events.emit("state", close ? { state, close } : { state });
  }

  /**
   * Typed RPC over this connection for the game's declarations (`game.rpc.table`'s source):
   * `await room.rpc(ARENA_RPCS).call("emote", { kind: "wave" })`, `.on("emoted", …)`.
   * The first call fixes the table; calls still waiting when the room closes are rejected.
   * Unreliable calls are held, the latest per RPC, while the transport's `bufferedAmount` is
   * above `DEFAULT_RPC_BACKPRESSURE_BYTES`, and sent once it drained (see RoomRpc.call).
   */
  rpc<D extends RpcDeclarations>(table: RpcTable<D>): RoomRpc<D> {
    if (!this.#rpc) {
      // A call goes out behind the newest acknowledgement: a shot judged with lag compensation
      // is judged no later than what the room knows this client holds (NetClient.flushAck).
      const send = (bytes: Uint8Array) => {
        if (this.#link.transport.state === "open") this.#net.flushAck();
        return this.#link.send(bytes);
      };
      this.#rpc = new RoomRpc(table, send, {
        // Read on the current link: a resumed connection has a new one.
        buffered: () => this.#link.transport.bufferedAmount,
      }) as unknown as RoomRpc<RpcDeclarations>;
      this.#events.on("close", () => this.#rpc?.close());
    }
    return this.#rpc as unknown as RoomRpc<D>;
  }

  #receive(bytes: Uint8Array, channel: Channel): void {
    if (this.#closed) return;
    this.#link.heard();
    const result = this.#net.receive(bytes, now(), channel);
    if (!result.ok) return this.#abort(result.error);
    const msg = result.value;
    emitReceived(this.#events, msg, this.#net);
    if (msg.type === "rpc" && this.#rpc) {
      const refused = this.#rpc.receive(msg.frame);
      if (refused !== undefined) return this.#abort(refused);
    }
  }

  #abort(detail: string): void {
    const reason = `${CLOSE.MALFORMED_FRAME.reason}: ${detail}`.slice(0, 120);
    this.#link.close(CLOSE.MALFORMED_FRAME.code, reason);
    this.#finish(CLOSE.MALFORMED_FRAME.code, reason);
  }

  #finish(code: number, reason: string, retryable?: boolean): void {
    if (this.#closed) return;
    for (const t of this.#timers) clearInterval(t);
    this.#reconnector.cancel();
    this.#closed = {
      code,
      reason,
      retryable: retryable ?? describeClose(code)?.retryable ?? code !== CLOSE.NORMAL.code,
    };
    this.#setState("disconnected", this.#closed);
    this.#events.emit("close", this.#closed);
  }
}

/** The adapter's clock: monotonic where the platform has one. */
export function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}
