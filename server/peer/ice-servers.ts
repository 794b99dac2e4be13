// The ICE servers a peer gets in its signaling welcome: STUN servers as configured, and TURN
// servers with time-limited credentials in the standard TURN REST scheme (the coturn
// `use-auth-secret` / `static-auth-secret` scheme, which hosted TURN services speak too):
// username `<expiry, Unix s>:<account id>`, credential base64(HMAC-SHA1(secret, username)).
// The TURN server recomputes the HMAC with the same shared secret and refuses the username
// once its expiry has passed, so no TURN account is ever stored anywhere.
//
// Configuration comes from wrangler vars (STUN_URLS, TURN_URLS, TURN_TTL_SECONDS) and one
// secret (TURN_SECRET). It is parsed once per isolate per value; a bad value throws
// IceConfigError naming the variable, which the Worker answers as 503 ice_not_configured.

import type { IceServer } from "../../shared/peer/signal-messages.js";

/** The environment the ICE configuration is read from (all optional). */
export interface IceEnv {
  /** Comma-separated `stun:` / `stuns:` URLs, e.g. "stun:stun.example.com:3478". */
  readonly STUN_URLS?: string;
  /** Comma-separated `turn:` / `turns:` URLs; needs TURN_SECRET. */
  readonly TURN_URLS?: string;
  /** The TURN server's shared secret (a wrangler secret, never a var). */
  readonly TURN_SECRET?: string;
  /** Lifetime of issued TURN credentials, s. @default 3600 */
  readonly TURN_TTL_SECONDS?: string | number;
}

/** The parsed ICE configuration. */
export interface IceConfig {
  readonly stunUrls: readonly string[];
  /** TURN URLs and the secret their credentials are derived from; null without TURN. */
  readonly turn: { readonly urls: readonly string[]; readonly secret: string } | null;
  /** Lifetime of issued TURN credentials, s. */
  readonly ttlS: number;
}

/** Default lifetime of a TURN credential, s: a session outlasting it asks for a new ticket. */
export const DEFAULT_TURN_TTL_SECONDS = 3600;

/** Most URLs of one kind (as the signaling protocol's IceServer.urls allows). */
export const MAX_ICE_URLS = 8;

/** A host name, an IPv4 address or a bracketed IPv6 address, and an optional port. */
const HOST_PORT = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?`;

/** STUN and TURN URLs (RFC 7064 / 7065): scheme, host, optional port; TURN's transport. */
const ICE_URL = {
  stun: new RegExp(`^stuns?:${HOST_PORT}$`),
  turn: new RegExp(`^turns?:${HOST_PORT}(?:\\?transport=(?:udp|tcp))?$`),
} as const;

/** An ICE variable holds a value edgetick cannot use. */
export class IceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IceConfigError";
  }
}

function urlList(name: string, raw: string | undefined, kind: keyof typeof ICE_URL): string[] {
  const urls = (raw ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
  if (urls.length > MAX_ICE_URLS)
    throw new IceConfigError(`${name}: at most ${MAX_ICE_URLS} URLs, got ${urls.length}`);
  for (const url of urls) {
    const match = url.length <= 512 ? ICE_URL[kind].exec(url) : null;
    const port = match?.[1] === undefined ? 1 : Number(match[1]);
    if (!match || port < 1 || port > 65_535)
      throw new IceConfigError(`${name}: "${url}" is not a ${kind}: or ${kind}s: URL`);
  }
  return urls;
}

/**
 * Reads and validates the ICE variables.
 * @throws IceConfigError naming the variable
 * @example
 * parseIceConfig({ STUN_URLS: "stun:stun.example.com:3478" }) // { stunUrls: [...], turn: null, ttlS: 3600 }
 */
export function parseIceConfig(env: IceEnv): IceConfig {
  const stunUrls = urlList("STUN_URLS", env.STUN_URLS, "stun");
  const turnUrls = urlList("TURN_URLS", env.TURN_URLS, "turn");
  const secret = env.TURN_SECRET ?? "";
  if (turnUrls.length > 0 && secret.length === 0)
    throw new IceConfigError("TURN_URLS is set but the TURN_SECRET secret is not");
  if (turnUrls.length === 0 && secret.length > 0)
    throw new IceConfigError("TURN_SECRET is set but TURN_URLS is empty");
  const rawTtl = env.TURN_TTL_SECONDS;
  const ttlS = rawTtl === undefined || rawTtl === "" ? DEFAULT_TURN_TTL_SECONDS : Number(rawTtl);
  if (!Number.isInteger(ttlS) || ttlS < 60 || ttlS > 7 * 24 * 3600)
    throw new IceConfigError(
      `TURN_TTL_SECONDS: "${rawTtl}" is not a whole number of seconds from 60 to 604800`,
    );
  return { stunUrls, turn: turnUrls.length > 0 ? { urls: turnUrls, secret } : null, ttlS };
}

const parsed = new Map<string, IceConfig>();

/** parseIceConfig, once per isolate per set of values. */
export function configuredIce(env: IceEnv): IceConfig {
  const key = JSON.stringify([env.STUN_URLS, env.TURN_URLS, env.TURN_SECRET, env.TURN_TTL_SECONDS]);
  let config = parsed.get(key);
  if (!config) {
    config = parseIceConfig(env);
    parsed.set(key, config);
  }
  return config;
}

const encoder = new TextEncoder();

/** base64(HMAC-SHA1(secret, username)): the TURN REST credential for `username`. */
export async function turnCredential(secret: string, username: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(username)));
  let binary = "";
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The ICE servers for `accountId` at `now` (Unix ms): the STUN URLs, then the TURN URLs with
 * a credential valid until `now + ttlS`.
 * @example
 * const iceServers = await iceServersFor(configuredIce(env), "acc_…", Date.now());
 */
export async function iceServersFor(
  config: IceConfig,
  accountId: string,
  now: number,
): Promise<IceServer[]> {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: [...config.stunUrls] });
  if (config.turn) {
    const username = `${Math.floor(now / 1000) + config.ttlS}:${accountId}`;
    const credential = await turnCredential(config.turn.secret, username);
    servers.push({ urls: [...config.turn.urls], username, credential });
  }
  return servers;
}
