// Where a peer's signaling socket goes: the session's signalUrl (as POST /v1/sessions and
// POST /v1/sessions/{id}/join answer it, a path or an absolute URL) with the session ticket.

import { MAX_TOKEN_BYTES } from "../../../shared/protocol/limits.js";

/** How to reach a session's signaling object. */
export interface SignalingOptions {
  /**
   * The session's signaling URL: `signalUrl` of the session's HTTP answer, e.g.
   * `/v1/sessions/s_123/signal` (resolved against `baseUrl`) or an absolute http(s) or
   * ws(s) URL.
   */
  signalUrl: string;
  /** The session ticket of the same answer (sent as `?ticket=`). */
  ticket: string;
  /**
   * The deployment's base URL, for a `signalUrl` that is a path.
   * @example "https://game.example.com"
   * @default undefined (signalUrl must be absolute)
   */
  baseUrl?: string;
  /**
   * Milliseconds to wait for the object's welcome.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /**
   * The WebSocket constructor to use.
   * @default globalThis.WebSocket
   */
  WebSocket?: typeof WebSocket;
}

/** SignalingOptions resolved: the socket URL with its ticket. */
export interface ResolvedSignalingOptions {
  readonly url: string;
  readonly connectTimeoutMs: number;
  readonly WebSocket: typeof WebSocket;
}

/** Defaults of the optional SignalingOptions fields. */
export const DEFAULT_SIGNALING_OPTIONS = { connectTimeoutMs: 10_000 } as const;

/** Builds the socket URL and validates, throwing an error that names the field. */
export function resolveSignalingOptions(options: SignalingOptions): ResolvedSignalingOptions {
  const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
  if (!WebSocketImpl)
    throw new TypeError("signaling.WebSocket: no global WebSocket here; pass one");
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_SIGNALING_OPTIONS.connectTimeoutMs;
  if (!(connectTimeoutMs > 0) || !Number.isFinite(connectTimeoutMs))
    throw new RangeError(`signaling.connectTimeoutMs must be > 0, got ${connectTimeoutMs}`);
  if (typeof options.ticket !== "string" || options.ticket.length === 0)
    throw new RangeError("signaling.ticket must be a non-empty string");
  if (options.ticket.length > MAX_TOKEN_BYTES)
    throw new RangeError(`signaling.ticket must be at most ${MAX_TOKEN_BYTES} characters`);
  let url: URL;
  try {
    url = new URL(options.signalUrl, options.baseUrl);
  } catch {
    const base = options.baseUrl === undefined ? " (a path needs signaling.baseUrl)" : "";
    throw new RangeError(`signaling.signalUrl "${options.signalUrl}" is not a URL${base}`);
  }
  if (url.protocol === "http:") url.protocol = "ws:";
  else if (url.protocol === "https:") url.protocol = "wss:";
  if (url.protocol !== "ws:" && url.protocol !== "wss:")
    throw new RangeError(`signaling.signalUrl must be http(s) or ws(s), got "${url.protocol}"`);
  url.searchParams.set("ticket", options.ticket);
  return { url: url.toString(), connectTimeoutMs, WebSocket: WebSocketImpl };
}
