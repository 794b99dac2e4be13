// Sign-in: POST /v1/auth/guest (a device id), /v1/auth/oidc (a third-party ID token),
// /v1/auth/refresh (rotate a refresh token), /v1/auth/logout (revoke it), and
// GET /v1/auth/jwks (the public keys, for services that verify our tokens themselves).
// Every route here is rate-limited per client IP.

import { createRoute, type z } from "@hono/zod-openapi";
import { AUDIT_ACTION, recordAudit } from "../../server/accounts/audit-log.js";
import {
  GuestSignIn,
  Jwks,
  OidcSignIn,
  RefreshTokenBody,
  Session,
} from "../../shared/http/auth-schemas.js";
import { ApiError } from "../api-error.js";
import { issueSession } from "../auth/issue-session.js";
import { parseOidcProviders, verifyIdToken } from "../auth/oidc-providers.js";
import { signingKeys } from "../auth/signing-keys.js";
import { clientIp, rateLimit } from "../middleware/rate-limit.js";
import { countSignInFailures } from "../middleware/sign-in-failures.js";
import { createApi } from "../openapi/create-api.js";
import { errorResponse } from "../openapi/schemas.js";
import { findAccount, signInIdentity } from "../repositories/accounts.js";
import { redeemRefreshToken, sha256 } from "../repositories/refresh-tokens.js";

const json = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});

const SIGN_IN_ERRORS = {
  400: errorResponse("invalid_request: the body does not validate"),
  403: errorResponse("banned: the account is banned"),
  429: errorResponse("rate_limited: too many sign-ins from this address"),
} as const;

const session = (description: string) => ({
  200: { description, content: { "application/json": { schema: Session } } },
});

const guest = createRoute({
  method: "post",
  path: "/guest",
  tags: ["auth"],
  summary: "Sign in as a guest",
  description:
    "Creates the guest account of `deviceId` on first use, then signs it in. Send the same device id again to come back to the same account.",
  request: { body: json(GuestSignIn) },
  responses: { ...session("Signed in"), ...SIGN_IN_ERRORS },
});

const oidc = createRoute({
  method: "post",
  path: "/oidc",
  tags: ["auth"],
  summary: "Sign in with an OpenID Connect ID token",
  description:
    "Verifies the ID token against the JWKS of the provider whose issuer it names (OIDC_PROVIDERS), then signs in the account linked to (issuer, sub), creating it on first use.",
  request: { body: json(OidcSignIn) },
  responses: {
    ...session("Signed in"),
    ...SIGN_IN_ERRORS,
    401: errorResponse(
      "malformed_token, unknown_provider, invalid_token, token_expired or wrong_audience",
    ),
    503: errorResponse("provider_unavailable: the provider's keys could not be fetched"),
  },
});

const refresh = createRoute({
  method: "post",
  path: "/refresh",
  tags: ["auth"],
  summary: "Exchange a refresh token for a new session",
  description:
    "Revokes the refresh token and answers a new access token and a new refresh token, with the account's current roles. Presenting an already used refresh token revokes all of the account's refresh tokens.",
  request: { body: json(RefreshTokenBody) },
  responses: {
    ...session("A new session"),
    ...SIGN_IN_ERRORS,
    401: errorResponse("invalid_refresh_token: unknown, expired or revoked"),
  },
});

const logout = createRoute({
  method: "post",
  path: "/logout",
  tags: ["auth"],
  summary: "Revoke a refresh token",
  description:
    "Revokes the refresh token. Access tokens already issued run out on their own (15 minutes).",
  request: { body: json(RefreshTokenBody) },
  responses: {
    204: { description: "Revoked (or already unusable)" },
    400: errorResponse("invalid_request"),
    429: errorResponse("rate_limited"),
  },
});

const jwks = createRoute({
  method: "get",
  path: "/jwks",
  tags: ["auth"],
  summary: "The public keys that verify edgetick's tokens",
  responses: {
    200: { description: "A JSON Web Key Set", content: { "application/json": { schema: Jwks } } },
  },
});

/** Auth routes, mounted at /v1/auth. */
export const auth = createApi();
auth.use("*", countSignInFailures);
auth.use(
  "*",
  rateLimit("AUTH_LIMITER", (c) => `ip:${clientIp(c)}`),
);

auth.openapi(guest, async (c) => {
  const { deviceId, name } = c.req.valid("json");
  const now = Date.now();
  // Only a hash of the device id is stored: it is a bearer secret.
  const account = await signInIdentity(
    c.env.DB,
    "guest",
    await sha256(deviceId),
    name ?? null,
    now,
  );
  const s = await issueSession(c.env, account, now);
  await recordAudit(c.env.DB, {
    at: now,
    actor: account.accountId,
    action: AUDIT_ACTION.SIGN_IN,
    target: account.accountId,
    detail: { provider: "guest" },
  });
  return c.json(s, 200);
});

auth.openapi(oidc, async (c) => {
  const { idToken } = c.req.valid("json");
  const now = Date.now();
  let providers: ReturnType<typeof parseOidcProviders>;
  try {
    providers = parseOidcProviders(c.env.OIDC_PROVIDERS);
  } catch (e) {
    console.error(e);
    throw new ApiError(500, "auth_not_configured", "OIDC_PROVIDERS is invalid");
  }
  const identity = await verifyIdToken(providers, idToken, now);
  const account = await signInIdentity(
    c.env.DB,
    identity.issuer,
    identity.subject,
    identity.name,
    now,
  );
  const s = await issueSession(c.env, account, now);
  await recordAudit(c.env.DB, {
    at: now,
    actor: account.accountId,
    action: AUDIT_ACTION.SIGN_IN,
    target: account.accountId,
    detail: { provider: identity.issuer },
  });
  return c.json(s, 200);
});

auth.openapi(refresh, async (c) => {
  const now = Date.now();
  const redeemed = await redeemRefreshToken(c.env.DB, c.req.valid("json").refreshToken, now);
  if (!redeemed.ok)
    throw new ApiError(401, "invalid_refresh_token", `refresh token ${redeemed.reason}`);
  const account = await findAccount(c.env.DB, redeemed.accountId);
  if (!account) throw new ApiError(401, "invalid_refresh_token", "refresh token unknown");
  return c.json(await issueSession(c.env, account, now), 200);
});

auth.openapi(logout, async (c) => {
  const now = Date.now();
  const revoked = await redeemRefreshToken(c.env.DB, c.req.valid("json").refreshToken, now);
  if (revoked.ok) {
    const id = revoked.accountId;
    await recordAudit(c.env.DB, { at: now, actor: id, action: AUDIT_ACTION.SIGN_OUT, target: id });
  }
  return c.body(null, 204);
});

auth.openapi(jwks, async (c) => {
  const ring = await signingKeys(c.env);
  const keys = ring.keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: k.alg, use: "sig" }));
  return c.json({ keys }, 200);
});
