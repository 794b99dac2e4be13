// The signed-in player: GET /v1/players/me, and their data documents at
// /v1/players/me/data/:key (GET, and PUT with optimistic concurrency: the body names the
// version it replaces, a stale one answers 409). Documents come back upgraded to their
// key's current schema version.

import { createRoute, z } from "@hono/zod-openapi";
import { PERMISSION } from "../../server/auth/index.js";
import { PlayerDataRepository } from "../../server/player-data/player-data-repository.js";
import {
  Account,
  IdempotencyKey,
  PlayerDataKey,
  PlayerDocument,
  PutPlayerDocument,
} from "../../shared/http/players-schemas.js";
import { ApiError } from "../api-error.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { findAccount } from "../repositories/accounts.js";

/** Largest document, as serialised JSON, in bytes. */
export const MAX_DOCUMENT_BYTES = 64 * 1024;

const guard = [requireAuth(PERMISSION.PLAY), limitByAccount];

const KeyParam = z.object({ key: PlayerDataKey });

const me = createRoute({
  method: "get",
  path: "/me",
  tags: ["players"],
  summary: "The signed-in account",
  security: BEARER,
  middleware: guard,
  responses: {
    200: { description: "The account", content: { "application/json": { schema: Account } } },
    ...AUTH_ERRORS,
    404: errorResponse("not_found: the account no longer exists"),
  },
});

const getData = createRoute({
  method: "get",
  path: "/me/data/{key}",
  tags: ["players"],
  summary: "Read one of my data documents",
  security: BEARER,
  middleware: guard,
  request: { params: KeyParam },
  responses: {
    200: {
      description: "The document, upgraded to its current schema",
      content: { "application/json": { schema: PlayerDocument } },
    },
    400: errorResponse("invalid_key"),
    ...AUTH_ERRORS,
    404: errorResponse("not_found: no such document"),
    409: errorResponse("unsupported_schema: written by a newer build"),
  },
});

const putData = createRoute({
  method: "put",
  path: "/me/data/{key}",
  tags: ["players"],
  summary: "Write one of my data documents (optimistic concurrency)",
  description:
    'Replaces the document if its stored version is `version` (0 to create). Documents a game declares are written by its rooms only (403 room_document) unless it declares them `writer: "player"`. Send an `Idempotency-Key` header to make a retried request safe: a repeat of a write that already landed answers the same document instead of 409.',
  security: BEARER,
  middleware: guard,
  request: {
    params: KeyParam,
    headers: z.object({
      "idempotency-key": IdempotencyKey.optional(),
    }),
    body: { content: { "application/json": { schema: PutPlayerDocument } }, required: true },
  },
  responses: {
    200: { description: "Written", content: { "application/json": { schema: PlayerDocument } } },
    400: errorResponse("invalid_key, invalid_request or document_too_large"),
    ...AUTH_ERRORS,
    403: errorResponse(
      'room_document: the game\'s rooms write this document (a key its game declares without `writer: "player"`)',
    ),
    409: errorResponse("version_conflict: the stored version is not `version`; read and retry"),
  },
});

/** Player routes, mounted at /v1/players. */
export const players = createApi();

players.openapi(me, async (c) => {
  const account = await findAccount(c.env.DB, c.var.credential.accountId);
  if (!account) throw new ApiError(404, "not_found", "this account no longer exists");
  return c.json({ ...account, roles: [...account.roles] }, 200);
});

players.openapi(getData, async (c) => {
  const { key } = c.req.valid("param");
  const doc = await new PlayerDataRepository(c.env.DB).read(c.var.credential.accountId, key);
  if (!doc) throw new ApiError(404, "not_found", `no document ${key}`);
  const up = c.var.games.documents.upgrade(key, doc.schemaVersion, doc.value);
  if (!up.ok) throw new ApiError(409, "unsupported_schema", up.error);
  return c.json({ ...doc, value: up.value, schemaVersion: up.schemaVersion }, 200);
});

players.openapi(putData, async (c) => {
  const { key } = c.req.valid("param");
  const body = c.req.valid("json");
  // What a player earns in play is the room's to write: a client could otherwise award itself.
  if (c.var.games.documents.writtenByRooms(key))
    throw new ApiError(403, "room_document", `${key} is written by the game's rooms only`);
  const current = c.var.games.documents.currentVersion(key);
  const schemaVersion = body.schemaVersion ?? current;
  if (schemaVersion > current)
    throw new ApiError(
      400,
      "invalid_request",
      `schemaVersion ${schemaVersion} is newer than ${current}`,
    );
  if (body.value === undefined) throw new ApiError(400, "invalid_request", "json value: required");
  if (new TextEncoder().encode(JSON.stringify(body.value)).length > MAX_DOCUMENT_BYTES)
    throw new ApiError(
      400,
      "document_too_large",
      `documents are at most ${MAX_DOCUMENT_BYTES} bytes of JSON`,
    );
  const accountId = c.var.credential.accountId;
  const out = await new PlayerDataRepository(c.env.DB).write({
    accountId,
    key,
    expectedVersion: body.version,
    schemaVersion,
    value: body.value,
    writeId: `${accountId}:${c.req.valid("header")["idempotency-key"] ?? crypto.randomUUID()}`,
    now: Date.now(),
    actor: accountId,
  });
  if (!out.ok) {
    throw new ApiError(
      409,
      "version_conflict",
      `stored version is ${out.conflict.currentVersion}, not ${body.version}`,
    );
  }
  // Answer in the current schema, as a GET would.
  const up = c.var.games.documents.upgrade(key, out.document.schemaVersion, out.document.value);
  if (!up.ok) throw new ApiError(409, "unsupported_schema", up.error);
  return c.json({ ...out.document, value: up.value, schemaVersion: up.schemaVersion }, 200);
});
