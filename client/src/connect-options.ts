// Options of connect(): all optional but the room, the game and the name; resolved once.

import { utf8Length } from "../../shared/codec/utf8.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import {
  MAX_INPUTS_PER_FRAME,
  MAX_NAME_BYTES,
  MAX_TOKEN_BYTES,
} from "../../shared/protocol/limits.js";
import {
  type NetcodeOptions,
  type ResolvedNetcodeOptions,
  resolveNetcodeOptions,
} from "./netcode-options.js";
import {
  type ReconnectOptions,
  type ResolvedReconnectOptions,
  resolveReconnectOptions,
} from "./reconnect-options.js";
import type { TransportFactory } from "./transport/transport.js";
import { webSocketTransport } from "./transport/websocket-transport.js";

/**
 * Simulated network conditions applied by the connection itself, in both directions, after
 * the handshake (for demos and manual testing), over whatever transport it uses. The link
 * stays reliable and ordered, so a "lost" frame is not dropped: it arrives `retransmitMs`
 * late and holds back the frames behind it, as a TCP retransmission does.
 */
export interface SimulateOptions {
  /**
   * Delay added to every frame in each direction, ms (the round trip grows by twice it).
   * @default 0
   */
  latencyMs?: number;
  /**
   * Extra delay per frame, uniform in [0, jitterMs], ms.
   * @default 0
   */
  jitterMs?: number;
  /**
   * Probability (0–1) a frame needs a retransmission.
   * @default 0
   */
  loss?: number;
  /**
   * Extra delay of a retransmitted frame, ms.
   * @default max(200, 2 × latencyMs)
   */
  retransmitMs?: number;
  /**
   * Seed of the random draws.
   * @default 1
   */
  seed?: number;
}

/** How to reach a room and play in it: exactly one of `url` and `transport`. */
export interface ConnectOptions<Input> {
  /**
   * The room's WebSocket URL, e.g. `roomUrl("http://127.0.0.1:8787", "lobby")` (a room on
   * the edge). Give this or `transport`.
   */
  url?: string;
  /**
   * Opens a link to the room another way (a peer host's data channels, a relay, an
   * in-process host, a simulated link): called once by connect() and again for each
   * reconnection attempt, each time for a new Transport. Give this or `url`.
   * @example transport: () => webSocketTransport(url)
   */
  transport?: TransportFactory;
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
   * Credentials for the HELLO of a reconnection (called before each attempt). A join ticket
   * lives a minute, so a client of a ticket room (matchmaker, lobby) passes its current access
   * token here, e.g. `() => http.session!.accessToken`: a member may resume its own player
   * with it. Undefined: `token` again.
   * @default undefined
   */
  reconnectToken?: () => string | Promise<string>;
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
   * The most state bytes per second this client wants (its link's capacity): the room sends
   * at most the lower of this and its own budget, nearest and most important entities first,
   * the rest as the budget allows. 0: no cap of the client's own. The room never goes below
   * 1024. Change it later with `room.setMaxBytesPerSecond`.
   * @default 0
   */
  maxBytesPerSecond?: number;
  /**
   * Milliseconds to wait for the room's welcome before giving up.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /**
   * The WebSocket constructor of the `url` form (unused with `transport`).
   * @default globalThis.WebSocket
   */
  WebSocket?: typeof WebSocket;
  /** Prediction, interpolation, clock and statistics settings (docs/client.md). */
  netcode?: NetcodeOptions;
  /**
   * Simulated latency, jitter and loss (see {@link SimulateOptions}).
   * @default undefined (none)
   */
  simulate?: SimulateOptions;
  /**
   * Automatic reconnection with resume after a dropped link (see {@link ReconnectOptions});
   * `false` turns it off. Never after a non-retryable close (kick, ban, auth, version).
   * @default {} (on, with the defaults)
   */
  reconnect?: ReconnectOptions | false;
}

/** ConnectOptions with every field present. */
export type ResolvedConnectOptions<Input> = Required<
  Omit<
    ConnectOptions<Input>,
    "url" | "transport" | "WebSocket" | "netcode" | "simulate" | "reconnect" | "reconnectToken"
  >
> & {
  /** The room's URL in the `url` form; undefined with a `transport`. */
  readonly url: string | undefined;
  /** The WebSocket constructor of the `url` form; undefined with a `transport`. */
  readonly WebSocket: typeof WebSocket | undefined;
  /** Opens each link: the `transport` given, or a WebSocket to `url`. */
  readonly transport: TransportFactory;
  readonly reconnectToken: (() => string | Promise<string>) | undefined;
  readonly netcode: ResolvedNetcodeOptions;
  readonly simulate: SimulateOptions | undefined;
  /** Undefined: reconnection is off. */
  readonly reconnect: ResolvedReconnectOptions | undefined;
};

/** Defaults of the optional ConnectOptions fields. */
export const DEFAULT_CONNECT_OPTIONS = {
  token: "",
  sendRate: 30,
  maxInputsPerFrame: 8,
  pingIntervalMs: 1000,
  connectTimeoutMs: 10_000,
  maxBytesPerSecond: 0,
} as const;

/** Fills defaults and validates, throwing an error that names the field. */
export function resolveConnectOptions<Input>(
  options: ConnectOptions<Input>,
): ResolvedConnectOptions<Input> {
  const o: ResolvedConnectOptions<Input> = {
    ...DEFAULT_CONNECT_OPTIONS,
    ...defined(options),
    ...link(options),
    game: options.game,
    name: options.name,
    netcode: resolveNetcodeOptions(options.netcode),
    simulate: options.simulate,
    reconnect: resolveReconnectOptions(options.reconnect),
    reconnectToken: options.reconnectToken,
  };
  const nameBytes = utf8Length(o.name.trim());
  if (nameBytes < 1 || nameBytes > MAX_NAME_BYTES)
    throw new RangeError(`connect.name must be 1-${MAX_NAME_BYTES} UTF-8 bytes`);
  if (utf8Length(o.token) > MAX_TOKEN_BYTES)
    throw new RangeError(`connect.token must be at most ${MAX_TOKEN_BYTES} bytes`);
  positive("sendRate", o.sendRate);
  positive("pingIntervalMs", o.pingIntervalMs);
  positive("connectTimeoutMs", o.connectTimeoutMs);
  checkRate("connect.maxBytesPerSecond", o.maxBytesPerSecond);
  if (o.simulate) {
    const { latencyMs = 0, jitterMs = 0, loss = 0 } = o.simulate;
    if (!(latencyMs >= 0)) throw new RangeError("connect.simulate.latencyMs must be ≥ 0");
    if (!(jitterMs >= 0)) throw new RangeError("connect.simulate.jitterMs must be ≥ 0");
    if (!(loss >= 0 && loss <= 1)) throw new RangeError("connect.simulate.loss must be in [0, 1]");
  }
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
 * With `game`, a room that does not exist yet is made as a public room of that game (rooms
 * opened by id without it run the deployment's first game). Only games whose access is
 * "public" have rooms made this way; a ticket game's come from matchmaking and lobbies.
 * @example roomUrl("http://127.0.0.1:8787", "lobby") // "ws://127.0.0.1:8787/v1/rooms/lobby/ws"
 * @example roomUrl(base, "friday", "arena") // "…/v1/rooms/friday/ws?game=arena"
 */
export function roomUrl(base: string, roomId: string, game?: string): string {
  const url = new URL(
    `v1/rooms/${encodeURIComponent(roomId)}/ws`,
    base.endsWith("/") ? base : `${base}/`,
  );
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  if (game !== undefined) url.searchParams.set("game", game);
  return url.toString();
}

/** The link fields: a WebSocket factory for `url`, or the `transport` given. */
function link(
  options: Pick<ConnectOptions<unknown>, "url" | "transport" | "WebSocket">,
): Pick<ResolvedConnectOptions<unknown>, "url" | "WebSocket" | "transport"> {
  const { url, transport } = options;
  if (url !== undefined && transport !== undefined)
    throw new TypeError("connect: give either url or transport, not both");
  if (transport !== undefined) {
    if (typeof transport !== "function")
      throw new TypeError("connect.transport must be a function returning a Transport");
    return { url: undefined, WebSocket: undefined, transport };
  }
  if (url === undefined)
    throw new TypeError(
      "connect: give url (a room's WebSocket URL) or transport (a TransportFactory)",
    );
  if (typeof url !== "string" || !/^wss?:\/\//.test(url))
    throw new RangeError(`connect.url must be a ws:// or wss:// URL, got "${url}"`);
  const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
  if (!WebSocketImpl) throw new TypeError("connect.WebSocket: no global WebSocket here; pass one");
  return {
    url,
    WebSocket: WebSocketImpl,
    transport: () => webSocketTransport(url, WebSocketImpl),
  };
}

function positive(field: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value))
    throw new RangeError(`connect.${field} must be > 0, got ${value}`);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Checks a client's state-rate cap: an integer in [0, 2^32 − 1] (it goes out as a u32). */
export function checkRate(field: string, bytesPerSecond: number): void {
  if (!Number.isInteger(bytesPerSecond) || bytesPerSecond < 0 || bytesPerSecond > 0xffff_ffff)
    throw new RangeError(`${field} must be an integer in [0, 4294967295], got ${bytesPerSecond}`);
}
