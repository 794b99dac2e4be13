// Fair play for admins: the accounts rooms' cheat detectors flagged, each with the evidence of
// every step (log, flag, kick, ban) from the audit log, and clearing a flag found to be a
// false positive (audited). Mounted at /v1/admin beside admin.ts.

import { createRoute } from "@hono/zod-openapi";
import { AUDIT_ACTION, auditStatement } from "../../server/accounts/audit-log.js";
import {
  clearFlagStatement,
  fairPlayHistory,
  findFlag,
  listFlags,
} from "../../server/accounts/fair-play-flags.js";
import { PERMISSION } from "../../server/auth/index.js";
import { ApiError } from "../api-error.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { AccountParams } from "../openapi/admin-schemas.js";
import { createApi } from "../openapi/create-api.js";
import { FlagDetail, FlagPage, FlagQuery } from "../openapi/fair-play-schemas.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";

const guard = [requireAuth(PERMISSION.ADMIN), limitByAccount];
const NOT_FLAGGED = { 404: errorResponse("not_found: the account is not flagged") };

const routes = {
  list: createRoute({
    method: "get",
    path: "/flagged",
    tags: ["admin"],
    summary: "Accounts flagged by the cheat detectors, latest offence first",
    security: BEARER,
    middleware: guard,
    request: { query: FlagQuery },
    responses: {
      200: {
        description: "A page of flags",
        content: { "application/json": { schema: FlagPage } },
      },
      400: errorResponse("invalid_request"),
      ...AUTH_ERRORS,
    },
  }),
  one: createRoute({
    method: "get",
    path: "/flagged/{accountId}",
    tags: ["admin"],
    summary: "One flagged account with the evidence of every step",
    security: BEARER,
    middleware: guard,
    request: { params: AccountParams },
    responses: {
      200: { description: "The flag", content: { "application/json": { schema: FlagDetail } } },
      400: errorResponse("invalid_account_id"),
      ...AUTH_ERRORS,
      ...NOT_FLAGGED,
    },
  }),
  clear: createRoute({
    method: "delete",
    path: "/flagged/{accountId}",
    tags: ["admin"],
    summary: "Clear a flag (a false positive)",
    description:
      "Removes the flag; the audit log keeps its history and records the clearing. A ban the detectors imposed is lifted separately (DELETE /v1/admin/players/{accountId}/ban).",
    security: BEARER,
    middleware: guard,
    request: { params: AccountParams },
    responses: {
      204: { description: "Cleared" },
      400: errorResponse("invalid_account_id"),
      ...AUTH_ERRORS,
      ...NOT_FLAGGED,
    },
  }),
};

/** Fair-play admin routes, mounted at /v1/admin. */
export const adminFlagged = createApi();

adminFlagged.openapi(routes.list, async (c) => {
  const { limit, before, game } = c.req.valid("query");
  const flagged = await listFlags(c.env.DB, {
    limit,
    ...(before === undefined ? {} : { before }),
    ...(game === undefined ? {} : { game }),
  });
  const next = flagged.length === limit ? flagged[flagged.length - 1]!.lastAt : null;
  return c.json({ flagged, next }, 200);
});

adminFlagged.openapi(routes.one, async (c) => {
  const { accountId } = c.req.valid("param");
  const flag = await findFlag(c.env.DB, accountId);
  if (!flag) throw new ApiError(404, "not_found", `${accountId} is not flagged`);
  const history = await fairPlayHistory(c.env.DB, accountId, 100);
  return c.json({ ...flag, history }, 200);
});

adminFlagged.openapi(routes.clear, async (c) => {
  const { accountId } = c.req.valid("param");
  const flag = await findFlag(c.env.DB, accountId);
  if (!flag) throw new ApiError(404, "not_found", `${accountId} is not flagged`);
  await c.env.DB.batch([
    clearFlagStatement(c.env.DB, accountId),
    auditStatement(c.env.DB, {
      at: Date.now(),
      actor: c.var.credential.accountId,
      action: AUDIT_ACTION.UNFLAG,
      target: accountId,
      detail: { offences: flag.offences, step: flag.step, detector: flag.detector },
    }),
  ]);
  return c.body(null, 204);
});
