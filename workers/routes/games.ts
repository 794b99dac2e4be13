// GET /v1/games: the games this deployment serves, the default first, with their modes and
// room settings. Public: a client shows them before anyone signs in.

import { createRoute } from "@hono/zod-openapi";
import { GameList } from "../../shared/http/games-schemas.js";
import { resolveRoomOptions } from "../../shared/room/room-options.js";
import { createApi } from "../openapi/create-api.js";

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["games"],
  summary: "The games this deployment serves",
  responses: {
    200: {
      description: "Every registered game, the default first",
      content: { "application/json": { schema: GameList } },
    },
  },
});

/** Game routes, mounted at /v1/games. */
export const games = createApi();

games.openapi(list, (c) => {
  const listed = c.var.games.list().map((g) => {
    const room = resolveRoomOptions(g.definition.roomOptions);
    return {
      name: g.name,
      access: g.access,
      tickRate: room.tickRate,
      maxPlayers: room.maxPlayers,
      modes: [...g.modes].map(([name, m]) => ({
        name,
        teamSize: m.teamSize,
        teamCount: m.teamCount,
      })),
      documents: Object.keys(g.playerData?.schemas ?? {}),
    };
  });
  return c.json({ games: listed }, 200);
});
