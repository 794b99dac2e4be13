// A room's connections and players as the room core keeps them, and the player as a host
// sees it. A player outlives its connection: it waits out a grace period when the link
// drops, and a resume gives it a fresh link (new baseline, empty input queue).

import type { InputCodec } from "../game/game-definition.js";
import { NO_INPUT_ACK } from "../protocol/server-messages.js";
import type { ClientSession as ReplicaSession } from "../replication/client-session.js";
import type { EntitySet } from "../world/entity-set.js";
import { InputQueue } from "./input-queue.js";
import type { LinkRate } from "./link-rate.js";
import type { RateLimiter } from "./rate-limiter.js";
import type { ConnectionId } from "./room-sink.js";

/** One socket of a room. */
export interface Connection<Input> {
  readonly id: ConnectionId;
  readonly openedAt: number;
  readonly limiter: RateLimiter;
  /** When the last frame arrived, ms (a silent link is closed after idleTimeoutMs). */
  lastHeard: number;
  /**
   * The room's stalled time (RoomTick.stalledMs) when the last frame arrived, or at the
   * opening: a link's silence is counted without the time the room could not read it.
   */
  heardStalledMs: number;
  /** The room's stalled time when the socket opened (the handshake timeout discounts it). */
  readonly openedStalledMs: number;
  /** Set once the hello is accepted. */
  player?: Player<Input>;
  /** True once a spectator's hello is accepted (it never has a player). */
  spectator?: boolean;
}

/** One player of a room. */
export interface Player<Input> {
  readonly id: number;
  readonly name: string;
  /** The secret a reconnecting client presents to get this player back. */
  readonly resumeToken: string;
  /**
   * The account the host verified for this player (undefined on hosts that verify none).
   * A resume token presented by another account does not get the player back.
   */
  readonly accountId?: string;
  /** What the replication core knows this player's client holds (fresh on every resume). */
  replica: ReplicaSession;
  /** This link's state rate (the room's or the game's budget, the client's cap, congestion). */
  rate: LinkRate;
  /** What the game's interest rule says this player should hold, refilled every tick. */
  readonly visible: EntitySet | null;
  queue: InputQueue<Input>;
  input: Input;
  ackSeq: number;
  /** Ticks in a row that found no new input (reported to the client as late arrival). */
  starved: number;
  /**
   * The newest tick this link's client reported holding (−1: none yet), whether or not the
   * baseline ring still has it: how far it reads, for the room's unread-updates check.
   */
  readTick: number;
}

/** A player as the host sees it (for info endpoints and persistence). */
export interface PlayerInfo {
  readonly playerId: number;
  readonly name: string;
  /** The player's resume token (absent when restoring a player that never had one). */
  readonly resumeToken?: string;
  /** The account the player joined as, when the host verified one. */
  readonly accountId?: string;
  /** False while the player's link is down and its grace period runs. */
  readonly connected?: boolean;
}

/** What a player's link starts from: a replica and its rate, the queue size, the idle input. */
export interface LinkStart<Input> {
  readonly replica: ReplicaSession;
  readonly rate: LinkRate;
  readonly maxQueuedInputs: number;
  readonly idleInput: Input;
}

/**
 * Whether a HELLO from `accountId` may take `player` back with its resume token: always on a
 * host that verifies no accounts, otherwise only for the account it joined as.
 */
export function mayResume<Input>(player: Player<Input>, accountId: string | undefined): boolean {
  return (
    player.accountId === undefined || accountId === undefined || player.accountId === accountId
  );
}

/** A new player on a fresh link. */
export function newPlayer<Input>(
  identity: {
    readonly id: number;
    readonly name: string;
    readonly resumeToken: string;
    readonly accountId?: string;
  },
  visible: EntitySet | null,
  link: LinkStart<Input>,
): Player<Input> {
  const player = { ...identity, visible } as Player<Input>;
  startLink(player, link);
  return player;
}

/**
 * Gives `player` a fresh link: a new replica (its next update is a full state), an empty
 * input queue (inputs queued for an old link are not replayed as fresh) and no acks.
 */
export function startLink<Input>(player: Player<Input>, link: LinkStart<Input>): void {
  player.replica = link.replica;
  player.rate = link.rate;
  player.queue = new InputQueue(link.maxQueuedInputs);
  player.input = link.idleInput;
  player.ackSeq = NO_INPUT_ACK;
  player.starved = 0;
  player.readTick = -1;
}

/** What became of an INPUT's inputs (queueInputs). */
export interface QueuedInputs {
  /** The index of the first input the codec refused (those before it stay queued), or -1. */
  readonly undecodable: number;
  /** Inputs new to the queue (the rest were repeats of ones received). */
  readonly added: number;
}

/**
 * Decodes an INPUT's `count` inputs (sequences from `firstSeq`) into the player's queue. An
 * input the game's validation refuses (`validate` answers a reason) is queued as the idle
 * input in its place, so its sequence is used up and acknowledged, and `refused` hears why.
 */
export function queueInputs<Input>(
  p: Player<Input>,
  codec: InputCodec<Input>,
  firstSeq: number,
  count: number,
  bytes: Uint8Array,
  check?: {
    readonly validate: (input: Input) => string | undefined;
    readonly idleInput: Input;
    readonly refused: (reason: string) => void;
  },
): QueuedInputs {
  let added = 0;
  for (let i = 0; i < count; i++) {
    const input = codec.decode(bytes, i * codec.bytes);
    if (input === undefined) return { undecodable: i, added };
    const seq = (firstSeq + i) >>> 0;
    // Validation runs on new inputs only: a repeat of a refused one is not refused twice.
    if (!p.queue.isNew(seq)) continue;
    const reason = check?.validate(input);
    if (reason !== undefined) check!.refused(reason);
    p.queue.offer(seq, reason === undefined ? input : check!.idleInput);
    added++;
  }
  return { undecodable: -1, added };
}

/**
 * Takes the player's input for the next tick: its next queued one, or with an empty queue the
 * last one again (the key is most likely still held), a starved tick once it has sent any.
 */
export function takeInput<Input>(p: Player<Input>): Input {
  if (p.queue.size > 0) {
    p.ackSeq = p.queue.peekSeq();
    p.input = p.queue.take()!;
    p.starved = 0;
  } else if (p.ackSeq !== NO_INPUT_ACK) p.starved++;
  return p.input;
}

/**
 * The input timing a SNAPSHOT header gives the player's client for its clock: the inputs
 * queued (they arrive early) or, negative, the ticks starved (late).
 */
export function inputTiming<Input>(p: Player<Input>): number {
  return p.starved > 0 ? -p.starved : p.queue.size;
}

/** The host's view of a player. */
export function playerInfo<Input>(p: Player<Input>, connected: boolean): PlayerInfo {
  const info = { playerId: p.id, name: p.name, resumeToken: p.resumeToken, connected };
  return p.accountId === undefined ? info : { ...info, accountId: p.accountId };
}
