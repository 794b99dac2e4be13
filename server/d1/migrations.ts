// The D1 schema's state, as wrangler's migration table records it (health checks read it).

/**
 * The name of the latest applied migration, or null on a database never migrated. By name,
 * not by when it was applied: a migration added below the newest (two branches merged) is
 * applied last on a database that had the others, and is not the schema's newest.
 */
export async function latestMigration(db: D1Database): Promise<string | null> {
  const row = await db
    .prepare("SELECT name FROM d1_migrations ORDER BY name DESC LIMIT 1")
    .first<{ name: string }>();
  return row?.name ?? null;
}
