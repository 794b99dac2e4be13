// GET /v1/health: the Worker is up and its database is migrated.

import { Hono } from "hono";
import { EDGETICK_VERSION } from "../../shared/version.js";
import type { AppEnv } from "../env.js";

/** Health route. */
export const health = new Hono<AppEnv>().get("/", async (c) => {
  try {
    const row = await c.env.DB.prepare(
      "SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1",
    ).first<{ name: string }>();
    return c.json({
      ok: true,
      version: EDGETICK_VERSION,
      database: { migration: row?.name ?? null },
    });
  } catch (e) {
    // D1 unreachable or never migrated: the Worker is up but not healthy.
    const message = e instanceof Error ? e.message : String(e);
    return c.json(
      { ok: false, version: EDGETICK_VERSION, error: { code: "database_unavailable", message } },
      503,
    );
  }
});
