// Parties: POST /v1/parties creates one, POST /v1/parties/join joins by invite code or
// accepted invitation, POST /v1/parties/me/invites invites accounts, DELETE /v1/parties/me
// leaves. The leader's matchmaking ticket carries the party's members (matchmaking-schemas).

import { z } from "zod";
import { AccountId } from "./players-schemas.js";

/** Characters of party invite codes: no 0/O or 1/I/L, so a code read aloud is typed right. */
export const PARTY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** Characters in a party invite code: 31^8 ≈ 8.5e11 codes, too many to guess at the API's rate. */
export const PARTY_CODE_LENGTH = 8;

/** Party ids: "pty_" and 24 hex digits. */
export const PartyId = z
  .string()
  .regex(/^pty_[0-9a-f]{24}$/, "party id must be pty_<24 hex digits>")
  .meta({ example: "pty_3f2a9c1e5b7d4f60a8e2c4b6" });

/** A party invite code. */
export const PartyCode = z
  .string()
  .regex(
    new RegExp(`^[${PARTY_CODE_ALPHABET}]{${PARTY_CODE_LENGTH}}$`),
    `code must be ${PARTY_CODE_LENGTH} characters of A-Z (no I, L, O) and 2-9`,
  )
  .meta({ example: "K7QX2MZP" });

/** A party as its members read it. */
export const Party = z
  .object({
    partyId: z.string(),
    leaderId: z.string(),
    inviteCode: z.string().meta({ description: "Whoever holds it may join: share it." }),
    members: z.array(z.object({ accountId: z.string(), joinedAt: z.number().int() })),
    invited: z
      .array(z.string())
      .meta({ description: "Accounts invited who have not joined (invitations last 10 min)." }),
    createdAt: z.number().int(),
  })
  .meta({
    id: "Party",
    example: {
      partyId: "pty_3f2a9c1e5b7d4f60a8e2c4b6",
      leaderId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3",
      inviteCode: "K7QX2MZP",
      members: [{ accountId: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3", joinedAt: 1767225000000 }],
      invited: ["acc_0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"],
      createdAt: 1767225000000,
    },
  });

/** A party (times are Unix ms). */
export type Party = z.infer<typeof Party>;

/** The body of POST /v1/parties/join: the invite code, or the party of an invitation. */
export const JoinParty = z
  .union([z.object({ code: PartyCode }).strict(), z.object({ partyId: PartyId }).strict()])
  .meta({ id: "JoinParty", example: { code: "K7QX2MZP" } });

/** A request to join a party. */
export type JoinParty = z.input<typeof JoinParty>;

/** The body of POST /v1/parties/me/invites. */
export const InviteToParty = z
  .object({ accountIds: z.array(AccountId).min(1).max(7) })
  .meta({ id: "InviteToParty" });

/** A request to invite accounts. */
export type InviteToParty = z.input<typeof InviteToParty>;

/** The caller's pending invitations (GET /v1/parties/invites). */
export const PartyInvites = z
  .object({
    invites: z.array(
      z.object({
        partyId: z.string(),
        leaderId: z.string(),
        invitedBy: z.string(),
        createdAt: z.number().int(),
        expiresAt: z.number().int(),
      }),
    ),
  })
  .meta({ id: "PartyInvites" });

/** Pending invitations (times are Unix ms). */
export type PartyInvites = z.infer<typeof PartyInvites>;
