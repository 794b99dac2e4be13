// A game's persistent player data: the documents it keeps per account (a schema version and
// one upgrade per older version, so saves from any earlier build still load) and the hooks a
// room runs around them. Declared by the game module; the server stores and upgrades them.

/** Turns a value of schema version n into one of version n + 1. Must be pure. */
export type DocumentUpgrade = (value: unknown) => unknown;

/** The schema history of one document key. */
export interface DocumentSchema {
  /** The version new documents are written with (≥ 1). */
  readonly version: number;
  /** `upgrades[n]` upgrades version n to n + 1; one for every n in 1 … version − 1. */
  readonly upgrades?: Readonly<Record<number, DocumentUpgrade>>;
  /**
   * Who writes the document: `"room"`, only the game's rooms (stats, inventories, anything
   * earned in play: `PUT /v1/players/me/data/{key}` answers 403 `room_document`); `"player"`,
   * also its own account over HTTP (settings, loadouts chosen outside a match). Keys no game
   * declares are the player's.
   * @default "room"
   */
  readonly writer?: "room" | "player";
}

/** What game code sees of one account's documents in a room. */
export interface PlayerData {
  readonly accountId: string;
  /** True once the documents are loaded; before that `get` answers undefined. */
  readonly loaded: boolean;
  /** A document's value (upgraded to its current schema), or undefined. */
  get(key: string): unknown;
  /** Replaces a document's value; saved at leave and periodically. */
  set(key: string, value: unknown): void;
}

/** Context handed to the hooks. */
export interface DataHookContext {
  readonly roomId: string;
  /** The room's tick now. */
  readonly tick: number;
  /** The player's seat in the room. */
  readonly playerId: number;
}

/** Server-side game code around a player's data. */
export interface RoomDataHooks {
  /** Document keys loaded for each joining account. */
  readonly keys: readonly string[];
  /** The documents are loaded (the player has already been welcomed). */
  onLoad?(data: PlayerData, ctx: DataHookContext): void;
  /** The player is leaving; changes made here are in the final save. */
  onLeave?(data: PlayerData, ctx: DataHookContext): void;
}

/** A game's player-data declaration. */
export interface PlayerDocuments {
  /**
   * Every document key the game owns, with its schema history. Keys must start with the
   * game's name and a dot (`"arena.stats"`), so games of one deployment never share one.
   */
  readonly schemas: Readonly<Record<string, DocumentSchema>>;
  /** Builds the hooks one room runs (called once per room: its state is that room's). */
  readonly hooks?: () => RoomDataHooks;
}
