// Per-room settings: all optional, with units and defaults, resolved and validated once.

import type { Channel } from "../protocol/channel.js";

/** Settings of one room. */
export interface RoomOptions {
  /**
   * Fixed simulation rate, in ticks per second (1–120).
   * @default 30
   */
  tickRate?: number;
  /**
   * Players allowed at once (1–1024); a hello beyond it is closed with 4005.
   * @default 16
   */
  maxPlayers?: number;
  /**
   * Time a socket may stay open without a valid hello, in milliseconds.
   * @default 5000
   */
  handshakeTimeoutMs?: number;
  /**
   * Inputs buffered per player ahead of the tick; older ones are dropped past it.
   * @default 8
   */
  maxQueuedInputs?: number;
  /**
   * Seats one verified account may hold in a room, connected or waiting to resume. A join
   * beyond them takes over the account's oldest seat (its connection, if any, closed with
   * 4302) rather than a new one, so one access token cannot fill a room. Raise it for games
   * where one account seats several local players.
   * @default 1
   */
  maxSeatsPerAccount?: number;
  /**
   * Sustained messages per second per connection before closing with 4007.
   * @default 60
   */
  messagesPerSecond?: number;
  /**
   * Messages a connection may send in a burst above the sustained rate. Deep enough that a
   * network stall up to the idle timeout of a client at its default send rate (30 inputs and
   * a ping a second) arrives at once without a cut; a sustained rate above
   * `messagesPerSecond` is still cut, after `messageBurst / excess` seconds. Time the room
   * itself stalled deepens it further (shared/room/rate-limiter.ts).
   * @default 360
   */
  messageBurst?: number;
  /**
   * Ticks run back to back to catch up after a stall before time is dropped.
   * @default 4
   */
  maxCatchUpTicks?: number;
  /**
   * How long a joined player whose link dropped keeps its id and entities, waiting for a
   * HELLO with its resume token, in milliseconds (0: removed at once).
   * @default 30000
   */
  reconnectGraceMs?: number;
  /**
   * Time a connection may stay silent (clients ping every second) before the room closes
   * it with 4300 as a dead link, in milliseconds.
   * @default 10000
   */
  idleTimeoutMs?: number;
  /**
   * How often a running room persists a snapshot of its world, tick and players (hosts
   * also persist one when the room empties), in milliseconds. At most this much world
   * state is lost to an eviction or a deploy.
   * @default 5000
   */
  snapshotIntervalMs?: number;
  /**
   * Bytes a connection's socket may hold unsent (RoomSink.buffered) before its link counts
   * as backed up: above it, unreliable RPC events to it are held, the latest per RPC, and
   * sent once it is back at or below, in bytes.
   * @default 65536 (64 KiB)
   */
  backpressureBytes?: number;
  /**
   * Bytes a connection's socket may hold unsent before the room closes it with 4301: what
   * is queued there is reliable (snapshots, events, results) and cannot be dropped, so a
   * client this far behind is cut and may resume. Must exceed `backpressureBytes`, in bytes.
   * @default 1048576 (1 MiB: about 8 s of a busy room's updates at 30 Hz and ~4 KiB each)
   */
  maxBacklogBytes?: number;
  /**
   * State budget of each client, in bytes per second (1024–100 000 000): a client's SNAPSHOTs
   * take at most this (plus a quarter second saved up); what does not fit waits, nearest and
   * highest-priority first. The room lowers it per client while the link backs up, the client
   * may ask for less (RATE), and `RoomCore.setClientBudget` sets one player's. Never below
   * 1024 (1 KiB/s).
   * @default 65536 (64 KiB/s, 512 kbit/s)
   */
  bytesPerSecond?: number;
  /**
   * The channel SNAPSHOTs go on (RoomSink.send). `"unreliable"` suits links with an
   * unreliable channel (WebRTC data channels): each update is a delta against the last tick
   * the client acknowledged, so a lost, late or duplicated one costs nothing later (the
   * client ignores it) and nothing waits behind it. Those updates are not budgeted: a client
   * gets its whole view each tick, and `bytesPerSecond`, RATE and `setClientBudget` do not
   * apply. Control messages, inputs and RPCs stay reliable either way.
   * @default "reliable"
   */
  snapshotChannel?: Channel;
  /**
   * Spectators allowed at once (0–100 000), apart from the player seats; a spectator's hello
   * beyond it is closed with 4005.
   * @default 64
   */
  maxSpectators?: number;
  /**
   * How far behind the live room spectators see it (0–60 000), in milliseconds (rounded up
   * to whole ticks): long enough that watching cannot be used to cheat.
   * @default 3000
   */
  spectatorDelayMs?: number;
  /**
   * Ticks between the broadcast stream's keyframes (1–7200): full states a spectator starts
   * from and a replay seeks to. Ticks that are multiples of it carry one.
   * @default 2 s of ticks (60 at the default 30 Hz)
   */
  keyframeTicks?: number;
  /**
   * Records the match as a replay: the broadcast stream in chunks handed to the host
   * (RoomSink.recordChunk) and a manifest. A game module may set it; a host without
   * recordChunk records nothing.
   * @default false
   */
  record?: boolean;
  /**
   * Length of a replay chunk (1–300), in seconds: each ends at the first keyframe this long
   * after its start.
   * @default 10
   */
  chunkSeconds?: number;
}

/** The lowest state budget a client is ever given, bytes per second. */
export const MIN_BYTES_PER_SECOND = 1024;

/** RoomOptions with every field present. */
export type ResolvedRoomOptions = Required<RoomOptions>;

/** Defaults for RoomOptions. */
export const DEFAULT_ROOM_OPTIONS: ResolvedRoomOptions = {
  tickRate: 30,
  maxPlayers: 16,
  handshakeTimeoutMs: 5000,
  maxQueuedInputs: 8,
  maxSeatsPerAccount: 1,
  messagesPerSecond: 60,
  messageBurst: 360,
  maxCatchUpTicks: 4,
  reconnectGraceMs: 30_000,
  idleTimeoutMs: 10_000,
  snapshotIntervalMs: 5_000,
  backpressureBytes: 64 * 1024,
  maxBacklogBytes: 1024 * 1024,
  bytesPerSecond: 64 * 1024,
  snapshotChannel: "reliable",
  maxSpectators: 64,
  spectatorDelayMs: 3000,
  keyframeTicks: 60,
  record: false,
  chunkSeconds: 10,
};

/** Fills defaults and validates, throwing an error that names the field. */
export function resolveRoomOptions(options: RoomOptions = {}): ResolvedRoomOptions {
  const o = { ...DEFAULT_ROOM_OPTIONS, ...stripUndefined(options) };
  // Keyframes every 2 s whatever the tick rate, unless set.
  if (options.keyframeTicks === undefined) o.keyframeTicks = 2 * o.tickRate;
  integerIn("tickRate", o.tickRate, 1, 120);
  integerIn("maxPlayers", o.maxPlayers, 1, 1024);
  integerIn("handshakeTimeoutMs", o.handshakeTimeoutMs, 1, 600_000);
  integerIn("maxQueuedInputs", o.maxQueuedInputs, 1, 256);
  integerIn("maxSeatsPerAccount", o.maxSeatsPerAccount, 1, 1024);
  integerIn("messagesPerSecond", o.messagesPerSecond, 1, 10_000);
  integerIn("messageBurst", o.messageBurst, 1, 100_000);
  integerIn("maxCatchUpTicks", o.maxCatchUpTicks, 1, 120);
  integerIn("reconnectGraceMs", o.reconnectGraceMs, 0, 3_600_000);
  integerIn("idleTimeoutMs", o.idleTimeoutMs, 1, 600_000);
  integerIn("snapshotIntervalMs", o.snapshotIntervalMs, 100, 600_000);
  integerIn("bytesPerSecond", o.bytesPerSecond, MIN_BYTES_PER_SECOND, 100_000_000);
  integerIn("backpressureBytes", o.backpressureBytes, 0, 2 ** 30);
  integerIn("maxBacklogBytes", o.maxBacklogBytes, 1, 2 ** 30);
  integerIn("maxSpectators", o.maxSpectators, 0, 100_000);
  integerIn("spectatorDelayMs", o.spectatorDelayMs, 0, 60_000);
  integerIn("keyframeTicks", o.keyframeTicks, 1, 7200);
  integerIn("chunkSeconds", o.chunkSeconds, 1, 300);
  if (typeof o.record !== "boolean")
    throw new RangeError(`room.record must be a boolean, got ${JSON.stringify(o.record)}`);
  if (o.snapshotChannel !== "reliable" && o.snapshotChannel !== "unreliable") {
    throw new RangeError(
      `room.snapshotChannel must be "reliable" or "unreliable", got ${JSON.stringify(o.snapshotChannel)}`,
    );
  }
  if (o.maxBacklogBytes <= o.backpressureBytes) {
    throw new RangeError(
      `room.maxBacklogBytes must be greater than room.backpressureBytes (${o.backpressureBytes}), got ${o.maxBacklogBytes}`,
    );
  }
  return o;
}

function integerIn(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`room.${field} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

function stripUndefined(options: RoomOptions): RoomOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
