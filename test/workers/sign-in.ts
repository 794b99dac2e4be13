// Signing in from workerd tests: guest sessions through the API, and tokens minted directly
// with the development key ring (for roles and times the API would not hand out).
import { env, exports } from "cloudflare:workers";
import { loadKeyRing, signAccessToken, signJoinTicket } from "../../server/auth/index.js";
import type { Session } from "../../workers/auth/issue-session.js";

const BASE = "http://edgetick.test";

/** A random client address, so tests do not share the per-IP sign-in limit. */
export function randomIp(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** A fresh random device id. */
export function newDeviceId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/** POSTs JSON to the API. */
export function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": randomIp(), ...headers },
    body: JSON.stringify(body),
  });
}

/** Calls the API with a bearer token (and optionally a `request.cf`). */
export function call(
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
  cf?: IncomingRequestCfProperties | Record<string, unknown>,
): Promise<Response> {
  return exports.default.fetch(`${BASE}${path}`, {
    method,
    // The Workers test pool passes `cf` through, as the edge would fill it in.
    ...(cf ? { cf } : {}),
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Signs in as a guest (a new account unless `deviceId` was used before). */
export async function signInGuest(name = "tester", deviceId = newDeviceId()): Promise<Session> {
  const res = await post("/v1/auth/guest", { deviceId, name });
  if (res.status !== 200)
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Session;
}

/** A signed-in account with `roles` (set in D1, then signed in again so the token has them). */
export async function signInWithRoles(roles: string[]): Promise<Session> {
  const deviceId = newDeviceId();
  const first = await signInGuest("staff", deviceId);
  await env.DB.prepare("UPDATE players SET roles = ? WHERE id = ?")
    .bind(roles.join(","), first.accountId)
    .run();
  return signInGuest("staff", deviceId);
}

/** An access token signed with the development ring for any subject, roles and time. */
export async function mintAccessToken(
  accountId: string,
  roles: string[],
  { now = Date.now(), ttlS = 900 }: { now?: number; ttlS?: number } = {},
): Promise<string> {
  return signAccessToken(await loadKeyRing(env.AUTH_KEYS), { accountId, roles }, { now, ttlS });
}

/** A join ticket signed with the development ring. */
export async function mintJoinTicket(
  accountId: string,
  room: string,
  { now = Date.now(), ttlS = 60 }: { now?: number; ttlS?: number } = {},
): Promise<string> {
  return signJoinTicket(await loadKeyRing(env.AUTH_KEYS), { accountId, roles: ["player"] }, room, {
    now,
    ttlS,
  });
}
