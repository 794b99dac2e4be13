// Replays of recorded matches: GET /v1/replays lists them (filters: game, player, mine, a
// date range; pages like session search), GET /v1/replays/:replayId serves a replay's
// manifest and GET /v1/replays/:replayId/chunks/:index its chunks' bytes, from the REPLAYS
// bucket. Who may watch: anyone signed in, a public room's replays; a private (ticket) room's,
// its own players and moderators and admins (`room.watch`). A replay the caller may not watch
// answers 404, as one that does not exist: private matches are not revealed to strangers.

import { createRoute, z } from "@hono/zod-openapi";
import { type Credential, can, PERMISSION } from "../../server/auth/index.js";
import { chunkKey } from "../../server/replays/replay-keys.js";
import { type ReplayRecord, ReplayRepository } from "../../server/replays/replay-repository.js";
import {
  ChunkIndex,
  ReplayId,
  ReplayPage,
  ReplaySearchQuery,
  type ReplaySummary,
} from "../../shared/http/replays-schemas.js";
import { parseReplayManifest, ReplayManifest } from "../../shared/replay/replay-manifest.js";
import { ApiError } from "../api-error.js";
import type { Env } from "../env.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";

/**
 * How long clients may keep a manifest or a chunk: a replay's objects never change once
 * listed. `private`: the answer depends on who asks, so no shared cache may keep it.
 */
export const REPLAY_CACHE_CONTROL = "private, max-age=31536000, immutable";

const guard = [requireAuth(PERMISSION.PLAY), limitByAccount];

const NOT_CONFIGURED = errorResponse(
  "replays_not_configured: the deployment has no REPLAYS bucket bound",
);

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["replays"],
  summary: "List recorded matches",
  description:
    "Newest first. Each caller sees public rooms' replays and the private matches it played in (moderators and admins: every replay). Filters: game, player (an account id), mine=true (the caller's own matches), from/to (ISO 8601 dates or date-times, on the match's start).",
  security: BEARER,
  middleware: guard,
  request: { query: ReplaySearchQuery },
  responses: {
    200: {
      description: "One page of replays",
      content: { "application/json": { schema: ReplayPage } },
    },
    400: errorResponse("invalid_request"),
    ...AUTH_ERRORS,
  },
});

const ReplayParams = z.object({ replayId: ReplayId });

const manifest = createRoute({
  method: "get",
  path: "/{replayId}",
  tags: ["replays"],
  summary: "A replay's manifest",
  description:
    "The manifest the recording room wrote (shared/replay's format, docs/replays.md): game, schema fingerprint, tick rate, duration, players (with an accountId on the caller's own entry only), and its chunks with their tick ranges, to seek with. Immutable: answers carry an ETag and `Cache-Control: private, max-age=31536000, immutable`; If-None-Match answers 304.",
  security: BEARER,
  middleware: guard,
  request: { params: ReplayParams },
  responses: {
    200: {
      description: "The manifest",
      content: { "application/json": { schema: ReplayManifest } },
    },
    304: { description: "Not modified: the ETag matched" },
    400: errorResponse("invalid_replay_id"),
    ...AUTH_ERRORS,
    404: errorResponse("replay_not_found: no such replay, or not one the caller may watch"),
    500: errorResponse("replay_unreadable: the stored manifest does not validate"),
    503: NOT_CONFIGURED,
  },
});

const chunk = createRoute({
  method: "get",
  path: "/{replayId}/chunks/{index}",
  tags: ["replays"],
  summary: "One chunk of a replay",
  description:
    "The chunk's bytes as the room recorded them (each begins with a keyframe). Immutable: answers carry an ETag and `Cache-Control: private, max-age=31536000, immutable`; If-None-Match answers 304.",
  security: BEARER,
  middleware: guard,
  request: { params: z.object({ replayId: ReplayId, index: ChunkIndex }) },
  responses: {
    200: {
      description: "The chunk",
      content: {
        "application/octet-stream": { schema: z.string().meta({ format: "binary" }) },
      },
    },
    304: { description: "Not modified: the ETag matched" },
    400: errorResponse("invalid_replay_id, invalid_index"),
    ...AUTH_ERRORS,
    404: errorResponse(
      "replay_not_found, chunk_not_found: no such replay (or not one the caller may watch), or an index past its last chunk",
    ),
    503: NOT_CONFIGURED,
  },
});

/** The bucket, or 503 for a deployment that did not bind one. */
function bucket(env: Env): R2Bucket {
  if (env.REPLAYS) return env.REPLAYS;
  throw new ApiError(
    503,
    "replays_not_configured",
    "this deployment stores no replays (bind an R2 bucket as REPLAYS: docs/deploy.md)",
  );
}

/** Replay `replayId` if `caller` may watch it; 404 otherwise. */
async function watchable(env: Env, replayId: string, caller: Credential): Promise<ReplayRecord> {
  const repo = new ReplayRepository(env.DB);
  const found = await repo.find(replayId);
  const allowed =
    found !== undefined &&
    (found.access === "public" ||
      can(caller.roles, PERMISSION.ROOM_WATCH) ||
      (await repo.playedIn(replayId, caller.accountId)));
  if (!found || !allowed)
    throw new ApiError(404, "replay_not_found", `no replay ${replayId} for this account`);
  return found;
}

/** A date filter as Unix ms: a date alone is its 00:00 UTC, or the next day's for `to`. */
function instant(value: string | undefined, end: boolean): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  return end && /^\d{4}-\d{2}-\d{2}$/.test(value) ? at + 86_400_000 : at;
}

/** The cache headers of a replay object. */
function cacheHeaders(object: R2Object): Record<string, string> {
  return { ETag: object.httpEtag, "Cache-Control": REPLAY_CACHE_CONTROL };
}

/** False for what R2 answers a failed precondition with: the client's copy is current. */
function hasBody(object: R2Object | R2ObjectBody): object is R2ObjectBody {
  return "body" in object;
}

/** Replay routes, mounted at /v1/replays. */
export const replays = createApi();

replays.openapi(list, async (c) => {
  const q = c.req.valid("query");
  const { accountId, roles } = c.var.credential;
  const limit = q.limit ?? 20;
  const offset = Number(q.cursor ?? 0);
  const found = await new ReplayRepository(c.env.DB).search({
    viewer: can(roles, PERMISSION.ROOM_WATCH) ? "*" : accountId,
    game: q.game,
    // mine=true is the caller's own matches, whatever `player` says.
    player: q.mine === "true" ? accountId : q.player,
    from: instant(q.from, false),
    to: instant(q.to, true),
    limit,
    offset,
  });
  const page: ReplaySummary[] = found.map(({ manifestKey: _, players, ...summary }) => ({
    ...summary,
    players: [...players],
  }));
  return c.json(
    { replays: page, next: found.length === limit ? String(offset + limit) : null },
    200,
  );
});

replays.openapi(manifest, async (c) => {
  const { replayId } = c.req.valid("param");
  const r2 = bucket(c.env);
  const replay = await watchable(c.env, replayId, c.var.credential);
  const object = await r2.get(replay.manifestKey, { onlyIf: c.req.raw.headers });
  if (!object) throw new ApiError(404, "replay_not_found", `replay ${replayId} has no manifest`);
  if (!hasBody(object)) return c.body(null, 304, cacheHeaders(object));
  // Stored by our own rooms, but read back like any input: a bad object is reported, not sent.
  const parsed = parseReplayManifest(await object.text());
  if (!parsed.ok) {
    console.error(`replay ${replayId}: ${parsed.error}`);
    throw new ApiError(500, "replay_unreadable", `replay ${replayId}'s manifest is unreadable`);
  }
  // Accounts stay private as in listings: each caller sees only its own, to find itself.
  const { accountId } = c.var.credential;
  const players = parsed.value.players.map((p) =>
    p.accountId === accountId ? p : { playerId: p.playerId, name: p.name },
  );
  return c.json({ ...parsed.value, players }, 200, cacheHeaders(object));
});

replays.openapi(chunk, async (c) => {
  const { replayId, index } = c.req.valid("param");
  const r2 = bucket(c.env);
  const replay = await watchable(c.env, replayId, c.var.credential);
  const object =
    index < replay.chunks
      ? await r2.get(chunkKey(replayId, index), { onlyIf: c.req.raw.headers })
      : null;
  if (!object)
    throw new ApiError(
      404,
      "chunk_not_found",
      `replay ${replayId} has chunks 0 to ${replay.chunks - 1}, not ${index}`,
    );
  if (!hasBody(object)) return c.body(null, 304, cacheHeaders(object));
  return c.body(object.body, 200, {
    ...cacheHeaders(object),
    "Content-Type": "application/octet-stream",
    "Content-Length": String(object.size),
  });
});
