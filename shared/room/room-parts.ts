// The parts a room core is built from, and their building: the options in force, the world
// (set up, or restored from a snapshot), its replication, interest and RPCs, and the modules
// that act for the core. Those modules (room-seats, room-handshake, room-inbox) each take the
// few parts they need as a Pick, so a constructor's type says what it depends on. The core
// owns the connections, the grace period and the close; it alone adds or deletes connections.

import { RoomFairPlay } from "../fairplay/room-fair-play.js";
import { RoomRewind } from "../fairplay/room-rewind.js";
import type { GameDefinition } from "../game/game-definition.js";
import type { CloseCode } from "../protocol/close-codes.js";
import { SNAPSHOT_HEADER_BYTES } from "../protocol/server-messages.js";
import { WorldQuantizer } from "../replication/quantize-world.js";
import { ReplicationServer } from "../replication/replication-server.js";
import type { RpcServer } from "../rpc/rpc-server.js";
import type { RpcDeclarations } from "../rpc/rpc-table.js";
import { resolveVoiceOptions } from "../voice/voice-options.js";
import type { World } from "../world/world.js";
import type { GracePeriod } from "./grace-period.js";
import { RoomBroadcast } from "./room-broadcast.js";
import { RoomDelivery } from "./room-delivery.js";
import { RoomInterest } from "./room-interest.js";
import { type ResolvedRoomOptions, type RoomOptions, resolveRoomOptions } from "./room-options.js";
import { RoomOutbox } from "./room-outbox.js";
import type { Connection, Player } from "./room-player.js";
import { RoomPresence } from "./room-presence.js";
import { RoomRates } from "./room-rates.js";
import { roomWorld } from "./room-restore.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";
import type { RoomSnapshot } from "./room-snapshot.js";
import { RoomUpdates } from "./room-updates.js";
import { RoomVoice } from "./room-voice.js";

/** One room's game, state and helpers, shared by the core and the modules beside it. */
export interface RoomParts<Input> {
  readonly game: GameDefinition<Input>;
  /** Options in force. */
  readonly options: ResolvedRoomOptions;
  /** The authoritative world. */
  readonly world: World;
  /** The room's sockets, by id. */
  readonly conns: ReadonlyMap<ConnectionId, Connection<Input>>;
  /** Joined players whose link dropped, waiting to resume (their entities stay). */
  readonly detached: GracePeriod<Player<Input>>;
  readonly replication: ReplicationServer;
  /** Set when the game keeps its state on the wire's grid (GameDefinition.quantizeState). */
  readonly quantizer: WorldQuantizer | null;
  /** Set when the game declares spatial interest (GameDefinition.spatialInterest). */
  readonly interest: RoomInterest | null;
  /** Set when the game declares RPCs (GameDefinition.rpc). */
  readonly rpc: RpcServer<RpcDeclarations> | null;
  /** Set when the game declares hitboxes (GameDefinition.lagCompensation). */
  readonly rewind: RoomRewind | null;
  /** Set when the game declares fair-play rules (GameDefinition.fairPlay). */
  readonly fairPlay: RoomFairPlay<Input> | null;
  readonly outbox: RoomOutbox;
  /** RPC events by delivery mode, and the backlog check (room-delivery.ts). */
  readonly delivery: RoomDelivery<Input>;
  /** Each player's state rate and budget (room-rates.ts). */
  readonly rates: RoomRates;
  /** The players' SNAPSHOTs of each tick (room-updates.ts). */
  readonly updates: RoomUpdates<Input>;
  /** Who is in the room and what players hear of each other (room-presence.ts). */
  readonly presence: RoomPresence<Input>;
  /** The broadcast stream, its spectators and the replay recorder (room-broadcast.ts). */
  readonly broadcast: RoomBroadcast;
  /** Set when the game declares voice chat (GameDefinition.voice, room-voice.ts). */
  readonly voice: RoomVoice<Input> | null;
  /**
   * Closes `c` with a code from CLOSE, `detail` appended to its reason: the core forgets the
   * connection (a joined player whose close is retryable may resume), then the sink closes it.
   */
  readonly close: (c: Connection<Input>, code: CloseCode, detail?: string) => void;
}

/** What the core owns and its parts share. */
export type CoreParts<Input> = Pick<RoomParts<Input>, "conns" | "detached" | "close">;

/**
 * Builds the parts of room `roomId` of `game`, its world continuing from `snapshot` if one
 * is given.
 * @throws RangeError when options do not resolve, or the game's schema.tickSeconds is not
 * 1 / tickRate.
 */
export function buildRoomParts<Input>(
  game: GameDefinition<Input>,
  roomId: string,
  sink: RoomSink,
  roomOptions: RoomOptions,
  snapshot: RoomSnapshot | undefined,
  { conns, detached, close }: CoreParts<Input>,
): RoomParts<Input> {
  const outbox = new RoomOutbox(sink);
  // The game's settings are the room's defaults; `options` overrides them per room.
  const options = resolveRoomOptions({ ...game.roomOptions, ...roomOptions });
  const tickRate = options.tickRate;
  const tickSeconds = 1 / tickRate;
  if (Math.abs(game.schema.tickSeconds - tickSeconds) > 1e-9) {
    throw new RangeError(
      `${game.name}: schema.tickSeconds (${game.schema.tickSeconds}) must equal 1 / room.tickRate (${tickSeconds})`,
    );
  }
  const presence = new RoomPresence(roomId, tickRate, outbox, conns, detached);
  const world = roomWorld(game, snapshot);
  const quantizer = game.quantizeState ? new WorldQuantizer(world, game.schema) : null;
  // Built per room from the game's factory: relevancy state is this room's alone.
  const spatial = game.spatialInterest?.(world);
  const interest = spatial ? new RoomInterest(world, spatial) : null;
  const delivery = new RoomDelivery(sink, conns, interest, options);
  const rewind = game.lagCompensation
    ? new RoomRewind(game.lagCompensation, tickRate, world.capacity)
    : null;
  const fairPlay = game.fairPlay
    ? new RoomFairPlay(game.fairPlay, tickRate, rewind?.maxRewindTicks ?? 0)
    : null;
  // A caller's rewind: what it acknowledged bounds what it can have seen; the views it claims
  // go to the clock detector.
  const rewindFor = (playerId: number, now: number) => {
    const player = presence.connected(playerId);
    if (!rewind || !player) return null;
    const acked = player.replica.lastAckedTick;
    const tick = replication.tick;
    const onView = fairPlay && ((view: number) => fairPlay.viewed(playerId, view, tick, now));
    return rewind.forPlayer(acked, tick, onView ?? undefined);
  };
  const rpc =
    game.rpc?.createServer(
      (target, frame, entry) => {
        delivery.event(target, frame, entry);
        broadcast.event(target, frame);
      },
      interest,
      rewindFor,
      fairPlay ? (playerId, name, now) => fairPlay.action(playerId, name, now) : undefined,
    ) ?? null;
  // The first bytes of every update are left free for the SNAPSHOT header. An update that
  // may be lost is built on what the client acknowledged, not on what it was sent.
  const snapshotChannel = options.snapshotChannel;
  const replication = new ReplicationServer(world, game.schema, {
    reserveBytes: SNAPSHOT_HEADER_BYTES,
    baseline: snapshotChannel === "unreliable" ? "last-acked" : "last-sent",
  });
  const rates = new RoomRates(options, replication);
  const updates = new RoomUpdates(game, interest, replication, rates, sink, snapshotChannel);
  const broadcast = new RoomBroadcast(replication, sink, outbox, options, {
    roomId,
    game: game.name,
    schema: game.schema.fingerprint,
  });
  // A proximity channel hears from the spatial interest's viewpoints unless it has its own.
  const voice = game.voice
    ? new RoomVoice(
        resolveVoiceOptions(game.voice, spatial),
        { world, conns, detached, outbox, close },
        sink,
      )
    : null;
  return {
    game,
    options,
    world,
    conns,
    detached,
    replication,
    quantizer,
    interest,
    rpc,
    rewind,
    fairPlay,
    outbox,
    delivery,
    rates,
    updates,
    presence,
    broadcast,
    voice,
    close,
  };
}
