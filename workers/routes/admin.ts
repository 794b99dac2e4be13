// Administration, for admins only: running rooms (from D1 room_sessions, where a running
// session has ended_at NULL and its room a live registration in session search), a room's
// live state (RPC), kicking an account from a room, accounts, bans and roles. Every change is
// written to the audit log.

import { createRoute, z } from "@hono/zod-openapi";
import { SESSION_TTL_MS } from "../../durable-objects/game-room/session-registry.js";
import { AUDIT_ACTION, auditStatement, recordAudit } from "../../server/accounts/audit-log.js";
import { banStatement, findActiveBan, unbanStatement } from "../../server/accounts/bans.js";
import { isRole, PERMISSION } from "../../server/auth/index.js";
import { RoomHistoryRepository } from "../../server/rooms/room-history-repository.js";
import { ApiError } from "../api-error.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import {
  AccountParams,
  AccountRow,
  Accounts,
  BanBody,
  BanRequest,
  Inspection,
  KickAccount,
  NOT_FOUND,
  RolesBody,
  RoomParams,
  RunningRooms,
} from "../openapi/admin-schemas.js";
import { createApi } from "../openapi/create-api.js";
import { RoomStatsBody } from "../openapi/room-stats-schema.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { findAccount, listAccounts, setRolesStatement } from "../repositories/accounts.js";
import { revokeAllStatement } from "../repositories/refresh-tokens.js";
import { roomStub } from "./rooms.js";

const guard = [requireAuth(PERMISSION.ADMIN), limitByAccount];
const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { "application/json": { schema } } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});

const routes = {
  rooms: createRoute({
    method: "get",
    path: "/rooms",
    tags: ["admin"],
    summary: "List running rooms",
    description:
      "Rooms with a running session (room_sessions.ended_at IS NULL) that are alive: registered in session search, which a running room renews every 15 s (a room that died without ending its session drops out within 45 s). Newest first, at most 500.",
    security: BEARER,
    middleware: guard,
    responses: { ...ok("Running rooms", RunningRooms), ...AUTH_ERRORS },
  }),
  inspect: createRoute({
    method: "get",
    path: "/rooms/{roomId}",
    tags: ["admin"],
    summary: "Inspect a room: players, accounts, roles, mutes",
    security: BEARER,
    middleware: guard,
    request: { params: RoomParams },
    responses: {
      ...ok("The room", Inspection),
      400: errorResponse("invalid_room_id"),
      ...AUTH_ERRORS,
      404: errorResponse("room_not_found"),
    },
  }),
  stats: createRoute({
    method: "get",
    path: "/rooms/{roomId}/stats",
    tags: ["admin"],
    summary: "A room's own figures: tick durations, traffic, players",
    description:
      "Measured by the room itself over the last 10 seconds and since its object started; what the durations mean locally and deployed: docs/api.md#room-figures.",
    security: BEARER,
    middleware: guard,
    request: { params: RoomParams },
    responses: {
      ...ok("The room's figures", RoomStatsBody),
      400: errorResponse("invalid_room_id"),
      ...AUTH_ERRORS,
      404: errorResponse("room_not_found"),
    },
  }),
  kick: createRoute({
    method: "post",
    path: "/rooms/{roomId}/kick",
    tags: ["admin"],
    summary: "Kick every seat of an account from a room",
    security: BEARER,
    middleware: guard,
    request: { params: RoomParams, body: body(KickAccount) },
    responses: {
      ...ok(
        "Kicked",
        z.object({ affected: z.number().int() }).openapi({ example: { affected: 1 } }),
      ),
      400: errorResponse("invalid_room_id or invalid_request"),
      ...AUTH_ERRORS,
      404: errorResponse("not_found: the account is not in the room"),
    },
  }),
  players: createRoute({
    method: "get",
    path: "/players",
    tags: ["admin"],
    summary: "List accounts, newest first",
    security: BEARER,
    middleware: guard,
    request: {
      query: z.object({
        limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
        before: z.coerce.number().int().optional().openapi({
          description: "Page cursor: the `next` of the previous page.",
          example: 1767225000000,
        }),
      }),
    },
    responses: {
      ...ok("A page of accounts", Accounts),
      400: errorResponse("invalid_request"),
      ...AUTH_ERRORS,
    },
  }),
  player: createRoute({
    method: "get",
    path: "/players/{accountId}",
    tags: ["admin"],
    summary: "One account with its ban",
    security: BEARER,
    middleware: guard,
    request: { params: AccountParams },
    responses: {
      ...ok(
        "The account",
        AccountRow.extend({ ban: BanBody.nullable() }).openapi("AdminAccount", {
          example: {
            accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
            displayName: "ada",
            roles: ["player"],
            createdAt: 1767225000000,
            lastSignInAt: 1767225000000,
            banned: false,
            ban: null,
          },
        }),
      ),
      400: errorResponse("invalid_account_id"),
      ...AUTH_ERRORS,
      404: NOT_FOUND,
    },
  }),
  ban: createRoute({
    method: "post",
    path: "/players/{accountId}/ban",
    tags: ["admin"],
    summary: "Ban an account",
    description:
      "Refuses the account at sign-in, refresh and room join (4106) and revokes its refresh tokens. Access tokens already issued run out within 15 minutes; kick the account from rooms it is playing in.",
    security: BEARER,
    middleware: guard,
    request: { params: AccountParams, body: body(BanRequest) },
    responses: {
      ...ok("Banned", BanBody),
      400: errorResponse("invalid_account_id or invalid_request"),
      ...AUTH_ERRORS,
      404: NOT_FOUND,
    },
  }),
  unban: createRoute({
    method: "delete",
    path: "/players/{accountId}/ban",
    tags: ["admin"],
    summary: "Lift an account's ban",
    security: BEARER,
    middleware: guard,
    request: { params: AccountParams },
    responses: {
      204: { description: "Unbanned (or was not banned)" },
      400: errorResponse("invalid_account_id"),
      ...AUTH_ERRORS,
      404: NOT_FOUND,
    },
  }),
  roles: createRoute({
    method: "put",
    path: "/players/{accountId}/roles",
    tags: ["admin"],
    summary: "Set an account's roles",
    description:
      "Takes effect at the account's next sign-in or refresh (access tokens carry roles).",
    security: BEARER,
    middleware: guard,
    request: { params: AccountParams, body: body(RolesBody) },
    responses: {
      ...ok("The new roles", RolesBody),
      400: errorResponse("invalid_account_id or invalid_request"),
      ...AUTH_ERRORS,
      404: NOT_FOUND,
    },
  }),
};

async function existing(db: D1Database, accountId: string) {
  const account = await findAccount(db, accountId);
  if (!account) throw new ApiError(404, "not_found", `no account ${accountId}`);
  return account;
}

/** Admin routes, mounted at /v1/admin. */
export const admin = createApi();

admin.openapi(routes.rooms, async (c) => {
  const repo = new RoomHistoryRepository(c.env.DB);
  const rooms = await repo.running(500, Date.now(), SESSION_TTL_MS);
  return c.json({ rooms }, 200);
});

admin.openapi(routes.inspect, async (c) => {
  const { roomId } = c.req.valid("param");
  const room = await roomStub(c.env, roomId).inspect(roomId);
  if (!room) throw new ApiError(404, "room_not_found", `no room ${roomId}`);
  return c.json(
    { ...room, players: room.players.map((p) => ({ ...p, roles: [...p.roles] })) },
    200,
  );
});

admin.openapi(routes.stats, async (c) => {
  const { roomId } = c.req.valid("param");
  const stats = await roomStub(c.env, roomId).stats(roomId);
  if (!stats) throw new ApiError(404, "room_not_found", `no room ${roomId}`);
  return c.json(stats, 200);
});

admin.openapi(routes.kick, async (c) => {
  const { roomId } = c.req.valid("param");
  const { accountId, reason } = c.req.valid("json");
  const affected = await roomStub(c.env, roomId).kick(roomId, { accountId }, reason);
  if (affected === 0) throw new ApiError(404, "not_found", `${accountId} is not in ${roomId}`);
  await recordAudit(c.env.DB, {
    at: Date.now(),
    actor: c.var.credential.accountId,
    action: AUDIT_ACTION.KICK,
    target: accountId,
    detail: { roomId, reason },
  });
  return c.json({ affected }, 200);
});

admin.openapi(routes.players, async (c) => {
  const { limit, before } = c.req.valid("query");
  const page = await listAccounts(c.env.DB, { limit, before, now: Date.now() });
  const players = page.map((p) => ({ ...p, roles: [...p.roles] }));
  const next = page.length === limit ? page[page.length - 1]!.createdAt : null;
  return c.json({ players, next }, 200);
});

admin.openapi(routes.player, async (c) => {
  const { accountId } = c.req.valid("param");
  const account = await existing(c.env.DB, accountId);
  const ban = (await findActiveBan(c.env.DB, accountId, Date.now())) ?? null;
  return c.json({ ...account, roles: [...account.roles], banned: ban !== null, ban }, 200);
});

admin.openapi(routes.ban, async (c) => {
  const { accountId } = c.req.valid("param");
  const { reason, durationS } = c.req.valid("json");
  await existing(c.env.DB, accountId);
  const now = Date.now();
  const actor = c.var.credential.accountId;
  const ban = {
    accountId,
    reason,
    bannedBy: actor,
    createdAt: now,
    expiresAt: durationS === undefined ? null : now + durationS * 1000,
  };
  await c.env.DB.batch([
    banStatement(c.env.DB, ban),
    revokeAllStatement(c.env.DB, accountId, now),
    auditStatement(c.env.DB, {
      at: now,
      actor,
      action: AUDIT_ACTION.BAN,
      target: accountId,
      detail: { reason, expiresAt: ban.expiresAt },
    }),
  ]);
  return c.json(ban, 200);
});

admin.openapi(routes.unban, async (c) => {
  const { accountId } = c.req.valid("param");
  await existing(c.env.DB, accountId);
  const now = Date.now();
  await c.env.DB.batch([
    unbanStatement(c.env.DB, accountId),
    auditStatement(c.env.DB, {
      at: now,
      actor: c.var.credential.accountId,
      action: AUDIT_ACTION.UNBAN,
      target: accountId,
    }),
  ]);
  return c.body(null, 204);
});

admin.openapi(routes.roles, async (c) => {
  const { accountId } = c.req.valid("param");
  const roles = [...new Set(c.req.valid("json").roles.filter(isRole))];
  await existing(c.env.DB, accountId);
  const now = Date.now();
  await c.env.DB.batch([
    setRolesStatement(c.env.DB, accountId, roles),
    auditStatement(c.env.DB, {
      at: now,
      actor: c.var.credential.accountId,
      action: AUDIT_ACTION.SET_ROLES,
      target: accountId,
      detail: { roles },
    }),
  ]);
  return c.json({ roles }, 200);
});
