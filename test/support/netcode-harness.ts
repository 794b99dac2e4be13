// The room core and N netcode clients in one process over seeded simulated links, with a
// manual clock: `step(ms)` advances time, runs the room's due ticks, delivers the frames
// that are due in both directions, and updates every client. Nothing reads a real clock,
// so a seed replays a session exactly. Tests only (not exported by the package).

import { NetClient } from "../../client/src/net-client.js";
import { type NetcodeOptions, resolveNetcodeOptions } from "../../client/src/netcode-options.js";
import { SimulatedLink, type SimulatedLinkOptions } from "../../client/src/simulated-link.js";
import type { FairPlayVerdict } from "../../shared/fairplay/fair-play-evidence.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import type { Channel } from "../../shared/protocol/channel.js";
import { decodeClientMessage } from "../../shared/protocol/client-messages.js";
import type { BudgetCrossing } from "../../shared/room/match-budget.js";
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
  /** Room → client, for SNAPSHOTs a room sends unreliably, when the harness has that link. */
  readonly downUnreliable: SimulatedLink<Uint8Array> | undefined;
  /** The account the room is told the player joined as (undefined: none verified). */
  readonly accountId: string | undefined;
  /** The client's clock runs this many times as fast as the room's (1: honest). */
  readonly clockRate: number;
  /** When the client joined, room time (its clock starts there). */
  readonly joinedAt: number;
  /** Set when the room closed this connection, or the client refused a frame. */
  closed?: string;
  /** The close code, when the room closed it. */
  closeCode?: number;
  /** True once the HELLO went to the room. */
  helloDelivered?: boolean;
}

/** How one client joins (HarnessClient). */
export interface JoinOptions {
  /** The account the host verified; the room keys seats and fair-play strikes by it. */
  readonly accountId?: string;
  /** The client's clock rate against the room's (a sped-up client: 1.5). @default 1 */
  readonly clockRate?: number;
}

/** Settings of a {@link NetHarness}. */
export interface NetHarnessOptions {
  /** Link conditions of each direction (seeds are varied per client and direction). */
  up?: SimulatedLinkOptions;
  down?: SimulatedLinkOptions;
  /**
   * Conditions of a second downlink for SNAPSHOTs sent on the unreliable channel (a room with
   * `snapshotChannel: "unreliable"`); omitted, they go on `down` like everything else.
   */
  downUnreliable?: SimulatedLinkOptions;
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
  /** The room's fair-play verdicts, in order (RoomSink.fairPlay), with the room's time. */
  readonly verdicts: (FairPlayVerdict & { readonly at: number })[] = [];
  /** The match budget's crossings, in order (RoomSink.budget). */
  readonly budgetCrossings: BudgetCrossing[] = [];
  /** Called after the room ran a tick (see {@link onTick}). */
  #tickListeners: ((tick: number) => void)[] = [];
  #lastTick = -1;

  constructor(game: GameDefinition<Input>, options: NetHarnessOptions = {}) {
    this.#game = game;
    this.#options = options;
    this.room = new RoomCore(game, "harness", this, options.room);
  }

  /** Opens a connection and says hello; the client is welcomed once the frames travel. */
  join(name: string, options: JoinOptions = {}): HarnessClient<Input> {
    const i = this.clients.length;
    const seed = (this.#options.seed ?? 1) * 1000 + i * 2;
    const netcode = resolveNetcodeOptions(this.#options.netcode);
    const unreliable = this.#options.downUnreliable;
    const client: HarnessClient<Input> = {
      id: `c${i}`,
      up: new SimulatedLink({ ...this.#options.up, seed }),
      down: new SimulatedLink({ ...this.#options.down, seed: seed + 1 }),
      downUnreliable: unreliable && new SimulatedLink({ ...unreliable, seed: seed + 1_000_003 }),
      accountId: options.accountId,
      clockRate: options.clockRate ?? 1,
      joinedAt: this.now,
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

  /** The time on `client`'s own clock, ms. */
  clientTime(client: HarnessClient<Input>): number {
    return client.joinedAt + (this.now - client.joinedAt) * client.clockRate;
  }

  /** Sends raw bytes from `client` to the room (a crafted frame, an RPC CALL). */
  sendRaw(client: HarnessClient<Input>, bytes: Uint8Array): void {
    client.up.send(bytes.slice(), this.now);
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
        for (const bytes of c.up.poll(this.now)) this.#deliver(c, bytes);
        const local = this.clientTime(c);
        for (const bytes of c.down.poll(this.now)) this.#receive(c, bytes, local, "reliable");
        for (const bytes of c.downUnreliable?.poll(this.now) ?? [])
          this.#receive(c, bytes, local, "unreliable");
        if (!c.closed) c.net.update(local);
      }
    }
  }

  /**
   * A frame reaches the room. A client with an account has its HELLO admitted as a host that
   * verified the account would (RoomCore.hello); every other frame is received as is.
   */
  #deliver(c: HarnessClient<Input>, bytes: Uint8Array): void {
    if (c.closed) return;
    if (c.accountId !== undefined && !c.helloDelivered) {
      c.helloDelivered = true;
      const hello = decodeClientMessage(bytes, this.#game.input.bytes);
      if (hello.ok && hello.value.type === "hello") {
        const join = { accountId: c.accountId, team: undefined };
        return this.room.hello(c.id, hello.value, join, this.now);
      }
    }
    this.room.receive(c.id, bytes, this.now);
  }

  #receive(
    c: HarnessClient<Input>,
    bytes: Uint8Array,
    local: number,
    channel: "reliable" | "unreliable",
  ): void {
    if (c.closed) return;
    const r = c.net.receive(bytes, local, channel);
    if (!r.ok) c.closed = `client refused a frame: ${r.error}`;
  }

  // RoomSink: frames go onto the client's downlink; bytes are a reused view, so copy.
  send(conn: ConnectionId, bytes: Uint8Array, channel?: Channel): void {
    const c = this.#byId.get(conn);
    const link = channel === "unreliable" ? (c?.downUnreliable ?? c?.down) : c?.down;
    link?.send(bytes.slice(), this.now);
  }

  close(conn: ConnectionId, code: number, reason: string): void {
    const c = this.#byId.get(conn);
    if (!c) return;
    c.closed = `room closed ${code} ${reason}`;
    c.closeCode = code;
  }

  budget(crossing: BudgetCrossing): void {
    this.budgetCrossings.push(crossing);
  }

  fairPlay(verdict: FairPlayVerdict): void {
    this.verdicts.push({ ...verdict, at: this.now });
  }

  setTicking(): void {}
}
