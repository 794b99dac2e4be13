// Moderation inside a room, for moderators and admins: POST
// /v1/rooms/:roomId/players/:playerId/kick and /mute. The room does the work over Durable
// Object RPC; the Worker records who did it in the audit log.

import { createRoute, z } from "@hono/zod-openapi";
import { AUDIT_ACTION, recordAudit } from "../../server/accounts/audit-log.js";
import { PERMISSION } from "../../server/auth/index.js";
import { RoomId } from "../../shared/http/rooms-schemas.js";
import { ApiError } from "../api-error.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { roomStub } from "./rooms.js";

const Params = z.object({
  roomId: RoomId,
  playerId: z.coerce
    .number()
    .int()
    .min(1)
    .max(0xffff)
    .openapi({ param: { name: "playerId", in: "path" }, example: 2 }),
});

const KickBody = z
  .object({ reason: z.string().min(1).max(200).openapi({ example: "griefing" }) })
  .openapi("KickRequest");

const MuteBody = z.object({ muted: z.boolean().openapi({ example: true }) }).openapi("MuteRequest");

const Affected = z
  .object({ affected: z.number().int().openapi({ description: "Seats acted on", example: 1 }) })
  .openapi("Affected");

const responses = {
  200: { description: "Done", content: { "application/json": { schema: Affected } } },
  400: errorResponse("invalid_room_id, invalid_player_id or invalid_request"),
  ...AUTH_ERRORS,
  404: errorResponse("not_found: no such player in the room"),
};

const kick = createRoute({
  method: "post",
  path: "/{roomId}/players/{playerId}/kick",
  tags: ["moderation"],
  summary: "Kick a player from a room",
  description:
    "Closes the player's socket with 4200 (kicked). Needs the room.kick permission (moderator, admin).",
  security: BEARER,
  middleware: [requireAuth(PERMISSION.ROOM_KICK), limitByAccount],
  request: {
    params: Params,
    body: { content: { "application/json": { schema: KickBody } }, required: true },
  },
  responses,
});

const mute = createRoute({
  method: "post",
  path: "/{roomId}/players/{playerId}/mute",
  tags: ["moderation"],
  summary: "Mute or unmute a player in a room",
  description:
    "Mutes or unmutes the player's account in this room: the room's voice relay drops its voice frames from then on and tells every player (VOICE_STATE, docs/voice.md#moderation-mute). The mute is kept by account in the room's storage, so it holds across the player's reconnections, a new seat of the same account and restarts of the room, until unmuted. The admin inspection (GET /v1/admin/rooms/{roomId}) shows it. In a game without voice nothing reads it yet (lobby chat has its own mute). Needs the room.mute permission (moderator, admin).",
  security: BEARER,
  middleware: [requireAuth(PERMISSION.ROOM_MUTE), limitByAccount],
  request: {
    params: Params,
    body: { content: { "application/json": { schema: MuteBody } }, required: true },
  },
  responses,
});

/** Moderation routes, mounted at /v1/rooms. */
export const moderation = createApi();

moderation.openapi(kick, async (c) => {
  const { roomId, playerId } = c.req.valid("param");
  const { reason } = c.req.valid("json");
  const affected = await roomStub(c.env, roomId).kick(roomId, { playerId }, reason);
  if (affected === 0) throw new ApiError(404, "not_found", `no player ${playerId} in ${roomId}`);
  await recordAudit(c.env.DB, {
    at: Date.now(),
    actor: c.var.credential.accountId,
    action: AUDIT_ACTION.KICK,
    target: roomId,
    detail: { playerId, reason },
  });
  return c.json({ affected }, 200);
});

moderation.openapi(mute, async (c) => {
  const { roomId, playerId } = c.req.valid("param");
  const { muted } = c.req.valid("json");
  const affected = await roomStub(c.env, roomId).mute(roomId, { playerId }, muted);
  if (affected === 0) throw new ApiError(404, "not_found", `no player ${playerId} in ${roomId}`);
  await recordAudit(c.env.DB, {
    at: Date.now(),
    actor: c.var.credential.accountId,
    action: muted ? AUDIT_ACTION.MUTE : AUDIT_ACTION.UNMUTE,
    target: roomId,
    detail: { playerId },
  });
  return c.json({ affected }, 200);
});
