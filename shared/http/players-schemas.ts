// Players: the account of GET /v1/players/me and the data documents of
// /v1/players/me/data/:key (GET, and PUT with optimistic concurrency).

import { z } from "zod";

/**
 * Account ids: "acc_" and 32 hex digits.
 * @example
 * AccountId.parse("acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3");
 */
export const AccountId = z
  .string()
  .regex(/^acc_[0-9a-f]{32}$/, "account id must be acc_ and 32 hex digits")
  .meta({ example: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3" });

/** GET /v1/players/me: the signed-in account. */
export const Account = z
  .object({
    accountId: z.string().meta({ example: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3" }),
    displayName: z.string().nullable().meta({ example: "ada" }),
    roles: z.array(z.string()).meta({ example: ["player"] }),
    createdAt: z.number().int().meta({ example: 1767225000000 }),
    lastSignInAt: z.number().int().meta({ example: 1767225000000 }),
  })
  .meta({ id: "Account" });

/** The signed-in account (times are Unix ms). */
export type Account = z.infer<typeof Account>;

/** A data document key (the `:key` path parameter): 1–64 of A-Z a-z 0-9 . - _. */
export const PlayerDataKey = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, "key must be 1-64 characters of A-Z, a-z, 0-9, ., - and _")
  .meta({ example: "arena.stats" });

/** The `Idempotency-Key` header of a document write: 8–128 characters. */
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .meta({ example: "c0a8012e-7d4b-4c6e-9f3a-2b1d5e8f7a60" });

/** A data document, upgraded to its key's current schema version. */
export const PlayerDocument = z
  .object({
    key: z.string().meta({ example: "arena.stats" }),
    version: z
      .number()
      .int()
      .meta({ description: "Writes so far; name it in the next PUT.", example: 3 }),
    schemaVersion: z.number().int().meta({ example: 2 }),
    value: z.unknown().meta({ example: { joins: 4, ticksPlayed: 5120, lastRoom: "lobby" } }),
    updatedAt: z.number().int().meta({ example: 1767225600000 }),
  })
  .meta({ id: "PlayerDocument" });

/** A data document as read or written. */
export type PlayerDocument = z.infer<typeof PlayerDocument>;

/** The body of PUT /v1/players/me/data/:key. */
export const PutPlayerDocument = z
  .object({
    version: z.number().int().min(0).meta({
      description:
        "The version this write replaces (from the last GET or PUT); 0 creates the document.",
      example: 3,
    }),
    schemaVersion: z.number().int().min(1).optional().meta({
      description:
        "The schema of `value`; defaults to the key's current schema version. Older values are upgraded on read.",
      example: 2,
    }),
    value: z.unknown().meta({ example: { joins: 5, ticksPlayed: 6000, lastRoom: "lobby" } }),
  })
  .meta({ id: "PutPlayerDocument" });

/** A document write. */
export type PutPlayerDocument = z.input<typeof PutPlayerDocument>;
