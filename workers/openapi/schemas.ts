// OpenAPI pieces shared by many routes: the standard error responses and the bearer
// requirement. The schemas themselves (the error body included) live in shared/http.

import { ErrorBody } from "../../shared/http/error-schemas.js";

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
