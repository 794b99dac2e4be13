// Authenticates a request by its bearer access token and checks a permission. The verified
// credential lands in `c.var.credential`. Join tickets are refused here (wrong audience):
// they open one room and nothing else.

import type { MiddlewareHandler } from "hono";
import {
  type CredentialFailure,
  can,
  type Permission,
  TOKEN_AUDIENCE,
  verifyToken,
} from "../../server/auth/index.js";
import { ApiError } from "../api-error.js";
import { signingKeys } from "../auth/signing-keys.js";
import type { AppEnv } from "../env.js";

/** The API error code of each credential failure (all 401). */
export const API_CODE_FOR_FAILURE: Readonly<Record<CredentialFailure, string>> = {
  missing: "missing_credentials",
  malformed: "malformed_token",
  forged: "invalid_token",
  expired: "token_expired",
  wrong_audience: "wrong_audience",
  wrong_room: "wrong_audience",
  banned: "banned",
};

/**
 * Requires `Authorization: Bearer <access token>` whose roles grant `permission`.
 * @example
 * createRoute({ method: "get", path: "/me", middleware: [requireAuth(PERMISSION.PLAY)] as const, ... })
 */
export function requireAuth(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+(\S*)$/i.exec(header);
    if (header !== "" && !match)
      throw new ApiError(401, "malformed_token", "Authorization must be `Bearer <token>`");
    const ring = await signingKeys(c.env);
    const result = await verifyToken(ring, match?.[1] ?? "", {
      audiences: [TOKEN_AUDIENCE.ACCESS],
      now: Date.now(),
    });
    if (!result.ok) throw new ApiError(401, API_CODE_FOR_FAILURE[result.failure], result.detail);
    if (!can(result.credential.roles, permission))
      throw new ApiError(403, "forbidden", `this needs the ${permission} permission`);
    c.set("credential", result.credential);
    await next();
  };
}
