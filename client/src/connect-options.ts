// Options of connect(): all optional but the room, the game and the name; resolved once.

import { utf8Length } from "../../shared/codec/utf8.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import {
  MAX_INPUTS_PER_FRAME,
  MAX_NAME_BYTES,
  MAX_TOKEN_BYTES,
} from "../../shared/protocol/limits.js";

/** How to reach a room and play in it. */
export interface ConnectOptions<Input> {
  /** The room's WebSocket URL, e.g. `roomUrl("http://127.0.0.1:8787", "lobby")`. */
  url: string;
  /** The game the room runs; its schema reads the world, its codec writes inputs. */
  game: GameDefinition<Input>;
  /** Display name, 1–32 UTF-8 bytes. */
  name: string;
  /**
   * Credentials sent in the hello (at most 4096 bytes).
   * @default ""
   */
  token?: string;
  /**
   * INPUT frames sent per second; each repeats recent unacknowledged inputs.
   * @default 30
   */
  sendRate?: number;
  /**
   * Most inputs one frame repeats (1–32).
   * @default 8
   */
  maxInputsPerFrame?: number;
  /**
   * Milliseconds between pings (round-trip time and heartbeat).
   * @default 1000
   */
  pingIntervalMs?: number;
  /**
   * Milliseconds to wait for the room's welcome before giving up.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /**
   * The WebSocket constructor to use.
   * @default globalThis.WebSocket
   */
  WebSocket?: typeof WebSocket;
}

/** ConnectOptions with every field present. */
export type ResolvedConnectOptions<Input> = Required<ConnectOptions<Input>>;

/** Defaults of the optional ConnectOptions fields. */
export const DEFAULT_CONNECT_OPTIONS = {
  token: "",
  sendRate: 30,
  maxInputsPerFrame: 8,
  pingIntervalMs: 1000,
  connectTimeoutMs: 10_000,
} as const;

/** Fills defaults and validates, throwing an error that names the field. */
export function resolveConnectOptions<Input>(
  options: ConnectOptions<Input>,
): ResolvedConnectOptions<Input> {
  const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
  if (!WebSocketImpl) throw new TypeError("connect.WebSocket: no global WebSocket here; pass one");
  const o: ResolvedConnectOptions<Input> = {
    ...DEFAULT_CONNECT_OPTIONS,
    ...defined(options),
    url: options.url,
    game: options.game,
    name: options.name,
    WebSocket: WebSocketImpl,
  };
  if (!/^wss?:\/\//.test(o.url))
    throw new RangeError(`connect.url must be a ws:// or wss:// URL, got "${o.url}"`);
  const nameBytes = utf8Length(o.name.trim());
  if (nameBytes < 1 || nameBytes > MAX_NAME_BYTES)
    throw new RangeError(`connect.name must be 1-${MAX_NAME_BYTES} UTF-8 bytes`);
  if (utf8Length(o.token) > MAX_TOKEN_BYTES)
    throw new RangeError(`connect.token must be at most ${MAX_TOKEN_BYTES} bytes`);
  positive("sendRate", o.sendRate);
  positive("pingIntervalMs", o.pingIntervalMs);
  positive("connectTimeoutMs", o.connectTimeoutMs);
  if (
    !Number.isInteger(o.maxInputsPerFrame) ||
    o.maxInputsPerFrame < 1 ||
    o.maxInputsPerFrame > MAX_INPUTS_PER_FRAME
  ) {
    throw new RangeError(
      `connect.maxInputsPerFrame must be an integer in [1, ${MAX_INPUTS_PER_FRAME}]`,
    );
  }
  return o;
}

/**
 * The WebSocket URL of room `roomId` on an edgetick server at `base` (http(s) or ws(s)).
 * @example roomUrl("http://127.0.0.1:8787", "lobby") // "ws://127.0.0.1:8787/v1/rooms/lobby/ws"
 */
export function roomUrl(base: string, roomId: string): string {
  const url = new URL(
    `v1/rooms/${encodeURIComponent(roomId)}/ws`,
    base.endsWith("/") ? base : `${base}/`,
  );
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  return url.toString();
}

function positive(field: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value))
    throw new RangeError(`connect.${field} must be > 0, got ${value}`);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
