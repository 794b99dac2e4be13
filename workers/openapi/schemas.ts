// Schemas shared by many routes: the error body, ids and the standard error responses.

import { z } from "@hono/zod-openapi";

/** The body of every failure. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string().openapi({ example: "json deviceId: too short" }),
    }),
  })
  .openapi("Error");

/** Room ids: 1–64 characters of letters, digits, `-` and `_`. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A room id path parameter. */
export const RoomId = z
  .string()
  .regex(ROOM_ID_PATTERN, "room id must be 1-64 characters of A-Z, a-z, 0-9, - and _")
  .openapi({ param: { name: "roomId", in: "path" }, example: "lobby" });

/** Account ids: "acc_" and 32 hex digits. */
export const AccountId = z
  .string()
  .regex(/^acc_[0-9a-f]{32}$/, "account id must be acc_ and 32 hex digits")
  .openapi({ example: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3" });

/** A response entry with the error body. */
export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ErrorBody } } } as const;
}

/** The failures of every route that needs an access token. */
export const AUTH_ERRORS = {
  401: errorResponse(
    "missing_credentials, malformed_token, invalid_token, token_expired or wrong_audience",
  ),
  403: errorResponse("forbidden: the token's roles lack the permission"),
  429: errorResponse("rate_limited: too many calls for this account"),
} as const;

/** The bearer security requirement, for createRoute's `security`. */
export const BEARER = [{ bearer: [] }];
