// Options of the HTTP client: where the Worker is, which fetch to use, and the session to
// start from and to persist. Resolved once by resolveHttpOptions.

import type { Session } from "../../../shared/http/auth-schemas.js";

/** What the client sends: a subset of RequestInit every fetch accepts. */
export interface HttpRequestInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** What the client reads of an answer: a subset of Response. */
export interface HttpAnswer {
  readonly status: number;
  text(): Promise<string>;
  /** The body as bytes; needed only by the calls that answer bytes (replay chunks). */
  arrayBuffer?(): Promise<ArrayBuffer>;
}

/**
 * The part of fetch the client uses. The browser's, Node's and workerd's fetch all fit, as
 * does a Worker's service binding or `exports.default.fetch` in tests.
 */
export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpAnswer>;

/** Options of createHttpClient. All optional but `baseUrl`. */
export interface HttpClientOptions {
  /** The Worker's origin, e.g. "https://game.example.com"; paths start with /v1. */
  readonly baseUrl: string;
  /**
   * The fetch to use.
   * @default globalThis.fetch
   */
  readonly fetch?: HttpFetch;
  /**
   * A session kept from an earlier run (from onSession): its tokens are used and refreshed
   * until a sign-in replaces it.
   * @default null
   */
  readonly session?: Session | null;
  /**
   * Called whenever the held session changes: a sign-in, a refresh (the refresh token
   * rotates, so store the new one), a sign-out or a refused refresh (null).
   * @default nothing
   */
  readonly onSession?: (session: Session | null) => void;
}

/** Every option resolved. */
export interface ResolvedHttpOptions {
  /** The origin without trailing slashes. */
  readonly baseUrl: string;
  readonly fetch: HttpFetch;
  readonly session: Session | null;
  readonly onSession: (session: Session | null) => void;
}

/**
 * Resolves and checks the options; throws naming the field.
 * @example
 * resolveHttpOptions({ baseUrl: "http://127.0.0.1:8787/" }).baseUrl; // "http://127.0.0.1:8787"
 */
export function resolveHttpOptions(options: HttpClientOptions): ResolvedHttpOptions {
  const url = URL.canParse(options.baseUrl) ? new URL(options.baseUrl) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw new RangeError("http.baseUrl must be an absolute http(s) URL");
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    session: options.session ?? null,
    onSession: options.onSession ?? (() => {}),
  };
}
