// What a built GameRoom runs: its core (a RoomCore, or a zone's, which drives its own room),
// what the host drives connections and ticks through, and the adapters around the core —
// sessions and search entries in D1, admission, player data, snapshots, replays. Built once
// per start of the object, on first use, from the stored configuration and snapshot.

import type { DurableObjectsEnv } from "../../server/env.js";
import type { RegisteredGame } from "../../server/games/game-registry.js";
import type { RoomConfig } from "../../server/placement/room-config.js";
import type { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import { PlayerDataRepository } from "../../server/player-data/player-data-repository.js";
import { RoomCore } from "../../shared/room/room-core.js";
import { resolveRoomOptions } from "../../shared/room/room-options.js";
import type { RoomSink } from "../../shared/room/room-sink.js";
import type { RoomSnapshot } from "../../shared/room/room-snapshot.js";
import { Admission, type AdmissionHost } from "./admission.js";
import { documentsEntry, ROOM_DOCUMENTS_KEY, RoomPersistence } from "./room-persistence.js";
import { RoomPlayerData } from "./room-player-data.js";
import type { RoomReplays } from "./room-replays.js";
import { RoomSessions } from "./room-sessions.js";
import type { RoomZone } from "./room-zone.js";
import { SessionRegistry } from "./session-registry.js";
import { heldDocuments, type RoomDriver } from "./zone-persistence.js";
import { roomZone, zoneCarrier } from "./zone-setup.js";
import type { ZoneStore } from "./zone-tally.js";

/** What a built room runs: the core and the adapters around it. */
export interface RoomRun {
  readonly roomId: string;
  readonly core: RoomCore<unknown>;
  /** What the host drives connections and ticks through: the core, or its zone's driver. */
  readonly driver: RoomDriver;
  /** The zone part of a world's zone (room-zone.ts); undefined for a room. */
  readonly zone: RoomZone | undefined;
  readonly sessions: RoomSessions;
  readonly admission: Admission;
  readonly playerData: RoomPlayerData;
  readonly registry: SessionRegistry;
  readonly persistence: RoomPersistence;
  /** Replay storage, when the deployment binds REPLAYS (the room records if its game does). */
  readonly replays: RoomReplays | undefined;
}

/** What building a room's run takes from its host. */
export interface RoomRunParts {
  readonly env: DurableObjectsEnv;
  readonly roomId: string;
  readonly game: RegisteredGame;
  /** The room's configuration now (a backfill may add members after the build). */
  config(): RoomConfig;
  /** The snapshot stored before a restart, restored at `now`. */
  readonly saved: { readonly snapshot: RoomSnapshot; readonly now: number } | undefined;
  readonly sink: RoomSink;
  readonly replays: RoomReplays | undefined;
  /** The object's metered D1 and storage, and its synchronous storage. */
  readonly db: D1Database;
  readonly storage: DurableObjectStorage;
  readonly kv: ZoneStore;
  readonly documents: DocumentSchemas;
  /** The built run's player data (a zone's carrier reads it when a traveller moves). */
  playerData(): RoomPlayerData | undefined;
  /** Admission's verdicts go back to the host; frames of admitted sockets go to the driver. */
  readonly admission: Omit<AdmissionHost, "deliver">;
}

/** Builds the run of room `parts.roomId`; a zone's core continues from the snapshot too. */
export function buildRoomRun(parts: RoomRunParts): RoomRun {
  const { roomId, game, saved, sink, db } = parts;
  const definition = game.definition;
  const config = parts.config();
  // Seats: what the room was made for, never more than the game has (a lobby of eight
  // starting Connect Four gets two).
  const gameSeats = resolveRoomOptions(definition.roomOptions).maxPlayers;
  const options = { maxPlayers: Math.min(config.capacity, gameSeats) };
  // A zone's room is built by its zone core (it runs the game for its area); its traveller
  // takes its documents along (room-player-data.ts).
  const kept = { store: parts.kv, storage: parts.storage, saved };
  const carrier = zoneCarrier(parts.playerData);
  const zone =
    config.zone && roomZone(parts.env, config.zone, config, game, sink, options, kept, carrier);
  const core = zone
    ? (zone.core.room as RoomCore<unknown>)
    : new RoomCore(definition, roomId, sink, options, saved);
  const driver: RoomDriver = zone ? zone.driver : core;
  const playerData = new RoomPlayerData({
    repo: new PlayerDataRepository(db),
    owners: new PlayerDataOwners(db),
    schemas: parts.documents,
    hooks: game.playerData?.hooks?.() ?? { keys: [] },
    roomId,
    now: Date.now,
    tick: () => core.tick,
    seated: (playerId) => core.players().some((p) => p.playerId === playerId),
  });
  // A room's documents are stored with its snapshot, as a zone's are (zone-persistence.ts):
  // a restart takes them back with the world they go with, seats waiting for their resume.
  if (saved && !zone) playerData.hold(heldDocuments(parts.kv.get(ROOM_DOCUMENTS_KEY)));
  return {
    roomId,
    core,
    driver,
    zone,
    sessions: new RoomSessions(db, roomId, game.name),
    persistence:
      zone?.persistence ??
      new RoomPersistence(
        parts.storage,
        () => core.snapshot(Date.now()),
        core.options.snapshotIntervalMs,
        documentsEntry(() => playerData.held()),
      ),
    registry: new SessionRegistry(db, roomId, {
      game: game.name,
      mode: config.mode ?? game.name,
      access: () => {
        const now = parts.config();
        return { access: now.access, members: now.members ?? [] };
      },
      players: () => core.playerCount,
      capacity: () => core.options.maxPlayers,
      spectators: () => core.spectatorCount,
    }),
    admission: new Admission(
      { ...parts.admission, deliver: (conn, frame) => driver.receive(conn, frame, Date.now()) },
      definition.input.bytes,
    ),
    replays: parts.replays,
    playerData,
  };
}
