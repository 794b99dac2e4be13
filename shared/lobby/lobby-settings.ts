// A lobby's configurable parameters: size, the minimum to start, the countdown, the game,
// its mode and custom properties. Options → defaults → resolve (the resolver names the field).

/** Custom property values a lobby advertises (shown in the lobby and copied to its session). */
export type LobbyPropertyValue = string | number | boolean;

/** What a host can set. All optional; see DEFAULT_LOBBY_SETTINGS. */
export interface LobbySettings {
  /** Members at most, 2–64. @default 8 */
  readonly maxPlayers?: number;
  /** Members needed (all ready) to start, 1–maxPlayers. @default 2 */
  readonly minPlayers?: number;
  /** Time between the host's start and the game, ms, 0–30000. @default 3000 */
  readonly countdownMs?: number;
  /**
   * The registered game the lobby's rooms run, 1–32 of a-z, 0-9, -; empty: the deployment's
   * first game. @default ""
   */
  readonly game?: string;
  /** The game mode the room is registered with, 1–32 of a-z, 0-9, -. @default "ffa" */
  readonly mode?: string;
  /** Up to 16 custom properties (keys 1–32 of A-Z a-z 0-9 _ . -; strings ≤ 64 characters). @default {} */
  readonly properties?: Readonly<Record<string, LobbyPropertyValue>>;
}

/** Every setting resolved. */
export type ResolvedLobbySettings = Required<LobbySettings>;

/** The defaults. */
export const DEFAULT_LOBBY_SETTINGS: ResolvedLobbySettings = {
  maxPlayers: 8,
  minPlayers: 2,
  countdownMs: 3000,
  game: "",
  mode: "ffa",
  properties: {},
};

/** Longest countdown a host may set, ms. */
export const MAX_COUNTDOWN_MS = 30_000;
/** Most custom properties per lobby. */
export const MAX_LOBBY_PROPERTIES = 16;

const MODE_PATTERN = /^[a-z0-9-]{1,32}$/;
const PROPERTY_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;

function intIn(name: string, v: unknown, min: number, max: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    throw new RangeError(`${name} must be an integer in [${min}, ${max}]`);
}

/**
 * Applies `changes` over `base` (the defaults by default) and validates the result; throws a
 * RangeError naming the field.
 * @example
 * resolveLobbySettings({ maxPlayers: 4 }) // { maxPlayers: 4, minPlayers: 2, … }
 */
export function resolveLobbySettings(
  changes: LobbySettings = {},
  base: ResolvedLobbySettings = DEFAULT_LOBBY_SETTINGS,
): ResolvedLobbySettings {
  const s = { ...base, ...changes };
  intIn("settings.maxPlayers", s.maxPlayers, 2, 64);
  intIn("settings.minPlayers", s.minPlayers, 1, s.maxPlayers);
  intIn("settings.countdownMs", s.countdownMs, 0, MAX_COUNTDOWN_MS);
  if (typeof s.game !== "string" || (s.game !== "" && !MODE_PATTERN.test(s.game)))
    throw new RangeError("settings.game must be empty or 1-32 characters of a-z, 0-9 and -");
  if (typeof s.mode !== "string" || !MODE_PATTERN.test(s.mode))
    throw new RangeError("settings.mode must be 1-32 characters of a-z, 0-9 and -");
  if (typeof s.properties !== "object" || s.properties === null || Array.isArray(s.properties))
    throw new RangeError("settings.properties must be an object");
  const entries = Object.entries(s.properties);
  if (entries.length > MAX_LOBBY_PROPERTIES)
    throw new RangeError(`settings.properties may have at most ${MAX_LOBBY_PROPERTIES} keys`);
  for (const [key, value] of entries) {
    if (!PROPERTY_KEY_PATTERN.test(key))
      throw new RangeError(`settings.properties key ${JSON.stringify(key)} is invalid`);
    const ok =
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value)) ||
      (typeof value === "string" && value.length <= 64);
    if (!ok)
      throw new RangeError(`settings.properties.${key} must be a boolean, number or string ≤ 64`);
  }
  return { ...s, properties: { ...s.properties } };
}
