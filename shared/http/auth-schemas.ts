// Sign-in: the bodies of POST /v1/auth/guest, /oidc, /refresh and /logout, the session
// every sign-in answers, and the JWKS of GET /v1/auth/jwks.

import { z } from "zod";

/** What every sign-in answers: an access token and a refresh token for one account. */
export const Session = z
  .object({
    accountId: z.string().meta({ example: "acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3" }),
    roles: z.array(z.string()).meta({ example: ["player"] }),
    tokenType: z.literal("Bearer"),
    accessToken: z
      .string()
      .meta({ example: "eyJhbGciOiJFUzI1NiIsImtpZCI6ImRldi0yMDI2LTExIn0.eyJ…" }),
    accessTokenExpiresAt: z.number().int().meta({ example: 1767225900000 }),
    refreshToken: z.string().meta({ example: "rt_9b1c…d4.Q2h…xY" }),
    refreshTokenExpiresAt: z.number().int().meta({ example: 1769817000000 }),
  })
  .meta({ id: "Session" });

/** A signed-in session (times are Unix ms). */
export type Session = z.infer<typeof Session>;

/** The body of POST /v1/auth/guest. */
export const GuestSignIn = z
  .object({
    deviceId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,128}$/, "16-128 characters of A-Z, a-z, 0-9, - and _")
      .meta({
        description:
          "A random secret the device keeps (e.g. 128 random bits); whoever has it is this guest.",
        example: "b1f0e6c2a4d94e8f9a7c3b5d2e1f0a9c",
      }),
    name: z.string().min(1).max(64).optional().meta({ example: "ada" }),
  })
  .meta({ id: "GuestSignIn" });

/** A guest sign-in request. */
export type GuestSignIn = z.input<typeof GuestSignIn>;

/** The body of POST /v1/auth/oidc. */
export const OidcSignIn = z
  .object({
    idToken: z.string().min(1).max(8192).meta({ example: "eyJhbGciOiJSUzI1NiIsImtpZCI6…" }),
  })
  .meta({ id: "OidcSignIn" });

/** An OpenID Connect sign-in request. */
export type OidcSignIn = z.input<typeof OidcSignIn>;

/** The body of POST /v1/auth/refresh and /v1/auth/logout. */
export const RefreshTokenBody = z
  .object({ refreshToken: z.string().min(1).max(256).meta({ example: "rt_9b1c…d4.Q2h…xY" }) })
  .meta({ id: "RefreshTokenBody" });

/** A refresh or sign-out request. */
export type RefreshTokenBody = z.input<typeof RefreshTokenBody>;

/** GET /v1/auth/jwks: the public keys that verify edgetick's tokens. */
export const Jwks = z
  .object({
    keys: z.array(z.record(z.string(), z.unknown())).meta({
      example: [
        {
          kty: "EC",
          crv: "P-256",
          x: "z9f5…",
          y: "8zjW…",
          kid: "dev-2026-11",
          alg: "ES256",
          use: "sig",
        },
      ],
    }),
  })
  .meta({ id: "Jwks" });

/** A JSON Web Key Set. */
export type Jwks = z.infer<typeof Jwks>;
