// The HTTP API: one OpenAPIHono app, one file per resource under routes/. Every /v1 route
// is described in the OpenAPI document at /v1/openapi.json, rendered at /docs.

import type { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { GameRegistry } from "../server/games/game-registry.js";
import { EDGETICK_VERSION } from "../shared/version.js";
import { ApiError, renderError, renderNotFound } from "./api-error.js";
import type { AppEnv } from "./env.js";
import { createApi } from "./openapi/create-api.js";
import { renderDocsPage } from "./openapi/docs-page.js";
import { admin } from "./routes/admin.js";
import { adminFlagged } from "./routes/admin-flagged.js";
import { adminUsage } from "./routes/admin-usage.js";
import { adminWorlds } from "./routes/admin-worlds.js";
import { auth } from "./routes/auth.js";
import { costs } from "./routes/costs.js";
import { games as gamesRoute } from "./routes/games.js";
import { health } from "./routes/health.js";
import { lobbies } from "./routes/lobbies.js";
import { matchmaking } from "./routes/matchmaking.js";
import { moderation } from "./routes/moderation.js";
import { parties } from "./routes/parties.js";
import { peerSessionRoutes } from "./routes/peer-sessions.js";
import { players } from "./routes/players.js";
import { regions } from "./routes/regions.js";
import { replays } from "./routes/replays.js";
import { rooms } from "./routes/rooms.js";
import { sessions } from "./routes/sessions.js";
import { worlds } from "./routes/worlds.js";

const OPENAPI_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "edgetick HTTP API",
    version: EDGETICK_VERSION,
    description:
      "Sign in, games, player data, rooms and spectating, replays, lobbies, parties, matchmaking, session search, peer sessions (signaling and relay), zoned worlds, regions, moderation and administration. Failures answer { error: { code, message } }.",
  },
};

/**
 * The largest request body any route takes, in bytes: a player document (64 KiB of JSON)
 * with room to spare. Larger bodies answer 413 body_too_large before they are read.
 */
export const MAX_REQUEST_BODY_BYTES = 128 * 1024;

/**
 * The HTTP API for the games of `games`: every route reads the registry from the request's
 * variables (`c.var.games`), so one set of routers serves any list of games.
 */
export function createApp(games: GameRegistry): OpenAPIHono<AppEnv> {
  const app = createApi();
  app.use(async (c, next) => {
    c.set("games", games);
    await next();
  });
  // Refused before any parsing: a huge (or hugely nested) body must not cost CPU first.
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: MAX_REQUEST_BODY_BYTES,
      onError: () => {
        throw new ApiError(
          413,
          "body_too_large",
          `request bodies are at most ${MAX_REQUEST_BODY_BYTES} bytes`,
        );
      },
    }),
  );
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "An access token from /v1/auth/guest, /v1/auth/oidc or /v1/auth/refresh.",
  });
  app
    .route("/v1/health", health)
    .route("/v1/auth", auth)
    .route("/v1/games", gamesRoute)
    .route("/v1/players", players)
    .route("/v1/rooms", moderation)
    .route("/v1/rooms", rooms)
    .route("/v1/admin", admin)
    .route("/v1/admin", adminFlagged)
    .route("/v1/admin", adminUsage)
    .route("/v1/admin", adminWorlds)
    .route("/v1/regions", regions)
    .route("/v1/sessions", sessions)
    .route("/v1/sessions", peerSessionRoutes)
    .route("/v1/matchmaking", matchmaking)
    .route("/v1/parties", parties)
    .route("/v1/lobbies", lobbies)
    .route("/v1/replays", replays)
    .route("/v1/costs", costs)
    .route("/v1/worlds", worlds);
  app.doc31("/v1/openapi.json", OPENAPI_CONFIG);
  app.get("/docs", (c) =>
    c.html(renderDocsPage(app.getOpenAPI31Document(OPENAPI_CONFIG) as never)),
  );
  app.notFound(renderNotFound);
  app.onError(renderError);
  return app;
}
