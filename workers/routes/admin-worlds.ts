// GET /v1/admin/worlds/:worldId/zones/:zoneId: one zone's own figures for operators and
// bench:zones — its players (here, arriving, departing), ghosts held, its links to the
// neighbours (calls, failures, stale ghost batches, ghost bytes) and the stints of world
// inputs it applied per account (docs/zones.md#figures).

import { createRoute, z } from "@hono/zod-openapi";
import { PERMISSION } from "../../server/auth/index.js";
import { zoneRoomName } from "../../server/worlds/world-zones.js";
import { WorldId, ZoneFigures, ZoneIdParam } from "../../shared/http/worlds-schemas.js";
import { ApiError } from "../api-error.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";

const figures = createRoute({
  method: "get",
  path: "/worlds/{worldId}/zones/{zoneId}",
  tags: ["admin"],
  summary: "A zone's figures: players, ghosts, neighbour links, inputs applied",
  security: BEARER,
  middleware: [requireAuth(PERMISSION.ADMIN), limitByAccount],
  request: { params: z.object({ worldId: WorldId, zoneId: ZoneIdParam }) },
  responses: {
    200: { description: "The zone", content: { "application/json": { schema: ZoneFigures } } },
    ...AUTH_ERRORS,
    404: errorResponse("zone_not_found: no such zone is running"),
  },
});

/** Admin world routes, mounted at /v1/admin. */
export const adminWorlds = createApi();

adminWorlds.openapi(figures, async (c) => {
  const { worldId, zoneId } = c.req.valid("param");
  const name = zoneRoomName(worldId, zoneId);
  const answer = await c.env.GAME_ROOM.get(c.env.GAME_ROOM.idFromName(name)).zoneFigures(name);
  if (!answer)
    throw new ApiError(404, "zone_not_found", `zone ${zoneId} of ${worldId} is not running`);
  return c.json(
    {
      ...answer,
      links: { ...answer.links },
      stints: answer.stints.map((s) => ({ ...s })),
      handoffMs: [...answer.handoffMs],
    },
    200,
  );
});
