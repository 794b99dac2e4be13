// The body of every HTTP failure, `{ error: { code, message } }`: the Worker renders it
// (workers/api-error.ts) and the client's HttpError reads it.

import { z } from "zod";

/**
 * The body of every failure: a stable snake_case `code` to branch on and a message for people.
 * @example
 * ErrorBody.parse({ error: { code: "invalid_request", message: "json deviceId: too short" } });
 */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "invalid_request" }),
      message: z.string().meta({ example: "json deviceId: too short" }),
    }),
  })
  .meta({ id: "Error" });

/** A failure body as parsed. */
export type ErrorBody = z.infer<typeof ErrorBody>;
