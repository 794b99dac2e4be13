// The HTTP API: one Hono app, one file per resource under routes/.

import { Hono } from "hono";
import { renderError, renderNotFound } from "./api-error.js";
import type { AppEnv } from "./env.js";
import { health } from "./routes/health.js";
import { rooms } from "./routes/rooms.js";

/** The edge Worker's request handler. */
export const app = new Hono<AppEnv>()
  .route("/v1/health", health)
  .route("/v1/rooms", rooms)
  .notFound(renderNotFound)
  .onError(renderError);
