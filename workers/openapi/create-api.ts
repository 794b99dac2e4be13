// Every router of the API is an OpenAPIHono made here, so that request validation failures
// render as the API's error shape and every route lands in /v1/openapi.json.

import { OpenAPIHono } from "@hono/zod-openapi";
import { renderError, validationError } from "../api-error.js";
import type { AppEnv } from "../env.js";

/** A router whose validation failures answer 400 with `{ error: { code, message } }`. */
export function createApi(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return renderError(validationError(result.target, result.error), c);
      return undefined;
    },
  });
}
