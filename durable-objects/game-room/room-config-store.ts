// A GameRoom's configuration, kept in the object's storage so a restarted room runs the same
// game with the same guest list, and the registered game it names; or, once a placed room
// closed unclaimed (room-no-show.ts), the mark it keeps instead. The decisions on a configure
// or a members update are room-configuration.ts's; this stores what they decided.

import type { GameRegistry, RegisteredGame } from "../../server/games/game-registry.js";
import type { RoomConfig } from "../../server/placement/room-config.js";
import { type ConfigDecision, openedRoomConfig } from "./room-configuration.js";
import { ROOM_CLOSED_KEY, type RoomClosedMark } from "./room-no-show.js";

/** Storage key of the room's configuration. */
export const ROOM_CONFIG_KEY = "room-config";

/** A room's configuration and game, or its closed mark. */
export class RoomConfigStore {
  readonly #games: GameRegistry;
  /** The object's (metered) storage, for the writes. */
  readonly #storage: DurableObjectStorage;
  #config: RoomConfig | undefined;
  #game: RegisteredGame | undefined;
  /** Set once a placed room closed unclaimed: it answers 410 from then on. */
  #closed: RoomClosedMark | undefined;

  constructor(games: GameRegistry, storage: DurableObjectStorage) {
    this.#games = games;
    this.#storage = storage;
  }

  /** The configuration in force; undefined for a room never configured, or closed. */
  get config(): RoomConfig | undefined {
    return this.#config;
  }

  /** The game the configuration names; undefined if this deployment does not serve it. */
  get game(): RegisteredGame | undefined {
    return this.#game;
  }

  /** The mark of a room closed unclaimed. */
  get closed(): RoomClosedMark | undefined {
    return this.#closed;
  }

  /** Reads the closed mark from `storage` at start-up (read before the configuration). */
  async loadClosed(storage: DurableObjectStorage): Promise<void> {
    this.#closed = await storage.get<RoomClosedMark>(ROOM_CLOSED_KEY);
  }

  /** Reads and takes the stored configuration at start-up; undefined if none is stored. */
  async loadConfig(storage: DurableObjectStorage): Promise<RoomConfig | undefined> {
    const config = await storage.get<RoomConfig>(ROOM_CONFIG_KEY);
    if (config) this.#configure(config);
    return config;
  }

  /** Stores a decided configuration (if it changed) and answers it, or the refusal. */
  async decided(decision: ConfigDecision): Promise<Response> {
    if (!decision.ok) return decision.response;
    if (decision.changed) await this.store(decision.config);
    return Response.json(decision.config);
  }

  /**
   * Takes `config` at once (a request arriving while the write is under way sees it) and
   * stores it; the output gate holds every answer until the write is durable.
   */
  async store(config: RoomConfig): Promise<void> {
    this.#configure(config);
    await this.#storage.put(ROOM_CONFIG_KEY, config);
  }

  /**
   * A room opened by id is made on first use, when the Worker allows it (public ids), with
   * the settings of the game it names (`name`, from the request); false for no such game.
   */
  async open(name: string | null): Promise<boolean> {
    const game = name ? this.#games.get(name) : undefined;
    if (!game) return false;
    await this.store(openedRoomConfig(game));
    return true;
  }

  /** The room closed unclaimed: its configuration dropped, `mark` kept instead. */
  async close(mark: RoomClosedMark): Promise<void> {
    this.#closed = mark;
    this.#config = undefined;
    this.#game = undefined;
    await this.#storage.delete(ROOM_CONFIG_KEY);
    await this.#storage.put(ROOM_CLOSED_KEY, mark);
  }

  #configure(config: RoomConfig): void {
    this.#config = config;
    // A game that left the deployment leaves its rooms unserved (answered, never a crash).
    this.#game = this.#games.get(config.game);
    if (!this.#game) console.error(`room: game "${config.game}" is not registered here`);
  }
}
