// One error shape for every HTTP failure: `{ "error": { "code", "message" } }` with a
// status. Routes throw ApiError; the app's error handler renders it (and hides anything
// unexpected behind a 500). Request validation failures render through the same shape.

import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

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
  // Hono's own refusals (a body that is not JSON, for one) are the client's fault.
  if (error instanceof HTTPException && error.status < 500) {
    return c.json(
      { error: { code: "invalid_request", message: error.message } },
      error.status as ContentfulStatusCode,
    );
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

const snake = (name: string) => name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);

/**
 * Renders a zod validation failure as 400. A bad path parameter answers
 * `invalid_<parameter in snake_case>` (e.g. `invalid_room_id`); bodies and queries answer
 * `invalid_request`. The message names the field.
 */
export function validationError(target: string, error: ZodError): ApiError {
  const issue = error.issues[0];
  const path = issue?.path.map(String) ?? [];
  const field = path.join(".");
  const message = field ? `${field}: ${issue?.message}` : (issue?.message ?? "invalid request");
  if (target === "param" && path[0]) return new ApiError(400, `invalid_${snake(path[0])}`, message);
  return new ApiError(400, "invalid_request", `${target} ${message}`);
}
