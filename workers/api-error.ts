// One error shape for every HTTP failure: `{ "error": { "code", "message" } }` with a
// status. Routes throw ApiError; the app's error handler renders it (and hides anything
// unexpected behind a 500).

import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An HTTP failure a client can act on. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;

  /**
   * @param status HTTP status
   * @param code stable machine-readable code, snake_case
   * @param message human-readable explanation
   */
  constructor(status: ContentfulStatusCode, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Renders any thrown error as the API's error body. */
export function renderError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    return c.json({ error: { code: error.code, message: error.message } }, error.status);
  }
  console.error("unhandled error", error);
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
}

/** The body for routes that do not exist. */
export function renderNotFound(c: Context): Response {
  return c.json(
    { error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } },
    404,
  );
}
