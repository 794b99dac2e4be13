// The world game's explorer document of an account as D1 holds it (what zones saved).
import { env } from "cloudflare:workers";
import { WORLD_EXPLORER_KEY } from "../../games/world/world-data.js";

/** `accountId`'s saved explorer document, undefined when none was saved. */
export async function savedExplorer(accountId: string): Promise<unknown> {
  const row = await env.DB.prepare("SELECT value FROM player_data WHERE player_id = ? AND key = ?")
    .bind(accountId, WORLD_EXPLORER_KEY)
    .first<{ value: string }>();
  return row ? JSON.parse(row.value) : undefined;
}
