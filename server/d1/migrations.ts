// The D1 schema's state, as wrangler's migration table records it (health checks read it).

/** The name of the latest applied migration, or null on a database never migrated. */
export async function latestMigration(db: D1Database): Promise<string | null> {
  const row = await db
    .prepare("SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1")
    .first<{ name: string }>();
  return row?.name ?? null;
}
