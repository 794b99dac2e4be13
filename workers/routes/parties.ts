// Parties: POST /v1/parties creates one (the caller leads it), GET /v1/parties/me reads the
// caller's, POST /v1/parties/me/invites invites accounts, GET /v1/parties/invites lists the
// caller's invitations, POST /v1/parties/join joins (by invite code or an invitation) and
// DELETE /v1/parties/me leaves. Matchmaking queues a party only through its leader's ticket,
// and only its members: no account is queued without having joined (issue 19).

import { createRoute } from "@hono/zod-openapi";
import { PERMISSION } from "../../server/auth/index.js";
import { newPartyCode, newPartyId } from "../../server/parties/party-code.js";
import { MAX_PARTY_MEMBERS, PARTY_INVITES_PER_MINUTE } from "../../server/parties/party-limits.js";
import { type PartyRecord, PartyRepository } from "../../server/parties/party-repository.js";
import {
  InviteToParty,
  JoinParty,
  Party,
  PartyInvites,
} from "../../shared/http/parties-schemas.js";
import { ApiError } from "../api-error.js";
import { limitByAccount } from "../middleware/rate-limit.js";
import { requireAuth } from "../middleware/require-auth.js";
import { createApi } from "../openapi/create-api.js";
import { AUTH_ERRORS, BEARER, errorResponse } from "../openapi/schemas.js";
import { cancelMatchTicket } from "./matchmaking.js";

const guard = [requireAuth(PERMISSION.PLAY), limitByAccount];

const partyBody = { content: { "application/json": { schema: Party } } };
const NOT_IN_PARTY = errorResponse("not_in_party: the caller is in no party");

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["parties"],
  summary: "Create a party led by the caller",
  security: BEARER,
  middleware: guard,
  responses: {
    201: { description: "The new party", ...partyBody },
    409: errorResponse("already_in_party: an account is in one party at a time"),
    ...AUTH_ERRORS,
  },
});

const read = createRoute({
  method: "get",
  path: "/me",
  tags: ["parties"],
  summary: "The caller's party",
  security: BEARER,
  middleware: guard,
  responses: { 200: { description: "The party", ...partyBody }, 404: NOT_IN_PARTY, ...AUTH_ERRORS },
});

const leave = createRoute({
  method: "delete",
  path: "/me",
  tags: ["parties"],
  summary: "Leave the caller's party (and cancel its waiting matchmaking ticket)",
  security: BEARER,
  middleware: guard,
  responses: { 204: { description: "Left" }, 404: NOT_IN_PARTY, ...AUTH_ERRORS },
});

const invite = createRoute({
  method: "post",
  path: "/me/invites",
  tags: ["parties"],
  summary: "Invite accounts to the caller's party (leader only)",
  security: BEARER,
  middleware: guard,
  request: {
    body: { content: { "application/json": { schema: InviteToParty } }, required: true },
  },
  responses: {
    200: { description: "The party, with its invitations", ...partyBody },
    400: errorResponse("invalid_request"),
    404: NOT_IN_PARTY,
    409: errorResponse("party_full"),
    ...AUTH_ERRORS,
    403: errorResponse("not_party_leader; forbidden: the token's roles lack the permission"),
    429: errorResponse(
      `invite_rate_limited: more than ${PARTY_INVITES_PER_MINUTE} a minute; rate_limited: too many calls`,
    ),
  },
});

const invites = createRoute({
  method: "get",
  path: "/invites",
  tags: ["parties"],
  summary: "The caller's pending invitations",
  security: BEARER,
  middleware: guard,
  responses: {
    200: {
      description: "Invitations, newest first",
      content: { "application/json": { schema: PartyInvites } },
    },
    ...AUTH_ERRORS,
  },
});

const join = createRoute({
  method: "post",
  path: "/join",
  tags: ["parties"],
  summary: "Join a party by its invite code, or accept an invitation",
  security: BEARER,
  middleware: guard,
  request: { body: { content: { "application/json": { schema: JoinParty } }, required: true } },
  responses: {
    200: { description: "The party joined", ...partyBody },
    400: errorResponse("invalid_request"),
    404: errorResponse("not_found: no such code, or no invitation to that party"),
    409: errorResponse("already_in_party, party_full"),
    ...AUTH_ERRORS,
  },
});

/** The party as its members read it (the ticket id stays server-side). */
function view(p: PartyRecord): Party {
  return {
    partyId: p.partyId,
    leaderId: p.leaderId,
    inviteCode: p.inviteCode,
    members: p.members.map((m) => ({ accountId: m.accountId, joinedAt: m.joinedAt })),
    invited: [...p.invited],
    createdAt: p.createdAt,
  };
}

function notInParty(): ApiError {
  return new ApiError(404, "not_in_party", "the caller is in no party");
}

/** Party routes, mounted at /v1/parties. */
export const parties = createApi();

parties.openapi(create, async (c) => {
  const repo = new PartyRepository(c.env.DB);
  const { accountId } = c.var.credential;
  const party = await repo.create(
    { partyId: newPartyId(), leaderId: accountId, inviteCode: newPartyCode() },
    Date.now(),
  );
  if (!party)
    throw new ApiError(409, "already_in_party", "leave your party first (DELETE /v1/parties/me)");
  return c.json(view(party), 201);
});

parties.openapi(read, async (c) => {
  const party = await new PartyRepository(c.env.DB).ofAccount(
    c.var.credential.accountId,
    Date.now(),
  );
  if (!party) throw notInParty();
  return c.json(view(party), 200);
});

parties.openapi(leave, async (c) => {
  const { accountId } = c.var.credential;
  const before = await new PartyRepository(c.env.DB).leave(accountId, Date.now());
  if (!before) throw notInParty();
  // A member who leaves takes their consent with them: the party's waiting ticket (which
  // holds them) is cancelled, so nobody stays queued, or locked out of the mode, by it.
  if (before.ticketId) await cancelMatchTicket(c.env, before.ticketId, accountId);
  return c.body(null, 204);
});

parties.openapi(invite, async (c) => {
  const repo = new PartyRepository(c.env.DB);
  const { accountId } = c.var.credential;
  const now = Date.now();
  const party = await repo.ofAccount(accountId, now);
  if (!party) throw notInParty();
  if (party.leaderId !== accountId)
    throw new ApiError(403, "not_party_leader", "only the party's leader invites");
  const members = new Set(party.members.map((m) => m.accountId));
  const fresh = [...new Set(c.req.valid("json").accountIds)].filter((a) => !members.has(a));
  if (members.size >= MAX_PARTY_MEMBERS)
    throw new ApiError(409, "party_full", `a party has at most ${MAX_PARTY_MEMBERS} members`);
  const sent = await repo.invitesSentSince(accountId, now - 60_000);
  if (sent + fresh.length > PARTY_INVITES_PER_MINUTE)
    throw new ApiError(
      429,
      "invite_rate_limited",
      `at most ${PARTY_INVITES_PER_MINUTE} invitations a minute (${sent} sent in the last one)`,
    );
  if (fresh.length > 0) await repo.invite(party.partyId, accountId, fresh, now);
  return c.json(view((await repo.byId(party.partyId, now)) ?? party), 200);
});

parties.openapi(invites, async (c) => {
  const list = await new PartyRepository(c.env.DB).invitesOf(
    c.var.credential.accountId,
    Date.now(),
  );
  return c.json({ invites: list }, 200);
});

parties.openapi(join, async (c) => {
  const repo = new PartyRepository(c.env.DB);
  const { accountId } = c.var.credential;
  const body = c.req.valid("json");
  const now = Date.now();
  // Consent is this call; the right to make it is the code, or an invitation to the account.
  const partyId =
    "code" in body
      ? await repo.idByCode(body.code)
      : (await repo.isInvited(body.partyId, accountId, now))
        ? body.partyId
        : undefined;
  if (!partyId)
    throw new ApiError(404, "not_found", "no such code, or no invitation to that party");
  const joined = await repo.join(partyId, accountId, now);
  if (!joined.ok) {
    const status = joined.refusal === "not_found" ? 404 : 409;
    throw new ApiError(
      status,
      joined.refusal,
      `cannot join: ${joined.refusal.replaceAll("_", " ")}`,
    );
  }
  const party = await repo.byId(partyId, now);
  if (!party) throw new ApiError(404, "not_found", "the party ended");
  return c.json(view(party), 200);
});
