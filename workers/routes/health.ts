// GET /v1/health: the Worker is up and its database is migrated; which build and which
// environment answer (a rollout or a restart can be watched here).

import { createRoute, z } from "@hono/zod-openapi";
import { latestMigration } from "../../server/d1/migrations.js";
import { EDGETICK_VERSION } from "../../shared/version.js";
import { BUILD } from "../build-stamp.js";
import { createApi } from "../openapi/create-api.js";

const Healthy = z
  .object({
    ok: z.literal(true),
    version: z.string(),
    build: z.string(),
    environment: z.string(),
    database: z.object({ migration: z.string().nullable() }),
  })
  .openapi("Health", {
    example: {
      ok: true,
      version: "0.1.0",
      build: "3f2c1ab",
      environment: "production",
      database: { migration: "0006_session_access.sql" },
    },
  });

const Unhealthy = z
  .object({
    ok: z.literal(false),
    version: z.string(),
    build: z.string(),
    environment: z.string(),
    error: z.object({ code: z.literal("database_unavailable"), message: z.string() }),
  })
  .openapi("Unhealthy", {
    example: {
      ok: false,
      version: "0.1.0",
      build: "3f2c1ab",
      environment: "production",
      error: { code: "database_unavailable", message: "D1_ERROR: no such table: d1_migrations" },
    },
  });

const route = createRoute({
  method: "get",
  path: "/",
  tags: ["health"],
  summary: "Liveness and database readiness",
  responses: {
    200: {
      description:
        "Up, with the build label stamped into the bundle (`dev` when unstamped), EDGETICK_ENV and the latest applied D1 migration",
      content: { "application/json": { schema: Healthy } },
    },
    503: {
      description: "Up, but D1 cannot be read",
      content: { "application/json": { schema: Unhealthy } },
    },
  },
});

/** Health route, mounted at /v1/health. */
export const health = createApi().openapi(route, async (c) => {
  const about = { version: EDGETICK_VERSION, build: BUILD, environment: c.env.EDGETICK_ENV };
  try {
    const migration = await latestMigration(c.env.DB);
    return c.json({ ok: true as const, ...about, database: { migration } }, 200);
  } catch (e) {
    // D1 unreachable or never migrated: the Worker is up but not healthy.
    const message = e instanceof Error ? e.message : String(e);
    return c.json(
      {
        ok: false as const,
        ...about,
        error: { code: "database_unavailable" as const, message },
      },
      503,
    );
  }
});
