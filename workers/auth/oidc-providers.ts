// Third-party OpenID Connect sign-in: ID tokens from the providers configured in the
// OIDC_PROVIDERS var (issuer, audience = our client id there, JWKS URL), verified with jose
// against the provider's published keys (fetched and cached per isolate).

import { createRemoteJWKSet, customFetch, decodeJwt, errors, jwtVerify } from "jose";
import { z } from "zod";
import { ApiError } from "../api-error.js";
import type { Env } from "../env.js";

/** One trusted provider. */
export interface OidcProvider {
  /** The `iss` of its ID tokens, e.g. "https://accounts.google.com". */
  readonly issuer: string;
  /** The `aud` its ID tokens must carry: this game's client id at the provider. */
  readonly audience: string;
  /** Where its signing keys are published. */
  readonly jwksUrl: string;
}

const ProvidersSchema = z.array(
  z.object({ issuer: z.string().min(1), audience: z.string().min(1), jwksUrl: z.url() }),
);

/** Parses OIDC_PROVIDERS (a JSON string or a wrangler var table); throws naming the field. */
export function parseOidcProviders(raw: Env["OIDC_PROVIDERS"]): readonly OidcProvider[] {
  if (raw === undefined || raw === "") return [];
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error("OIDC_PROVIDERS is not JSON");
    }
  }
  const parsed = ProvidersSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`OIDC_PROVIDERS[${issue.path.join("].")}]: ${issue.message}`);
  }
  return parsed.data;
}

/** The verified identity inside an ID token. */
export interface OidcIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly name: string | null;
}

type JwksSet = ReturnType<typeof createRemoteJWKSet>;
// jose caches the fetched keys inside each set (and refetches on an unknown kid): keep the
// sets for the isolate's lifetime.
const jwksSets = new Map<string, JwksSet>();

function jwksFor(url: string): JwksSet {
  let set = jwksSets.get(url);
  if (!set) {
    // Looked up at call time so tests can serve the keys from a stubbed global fetch.
    set = createRemoteJWKSet(new URL(url), {
      [customFetch]: (input: string | URL | Request, init?: RequestInit) => fetch(input, init),
    });
    jwksSets.set(url, set);
  }
  return set;
}

/**
 * Verifies an ID token from one of `providers` at `now` (Unix ms); throws ApiError 401
 * with a code naming the refusal.
 */
export async function verifyIdToken(
  providers: readonly OidcProvider[],
  idToken: string,
  now: number,
): Promise<OidcIdentity> {
  let issuer: unknown;
  try {
    issuer = decodeJwt(idToken).iss;
  } catch {
    throw new ApiError(401, "malformed_token", "the ID token is not a JWT");
  }
  const provider = providers.find((p) => p.issuer === issuer);
  if (!provider)
    throw new ApiError(401, "unknown_provider", `no provider with issuer ${String(issuer)}`);
  try {
    const { payload } = await jwtVerify(idToken, jwksFor(provider.jwksUrl), {
      issuer: provider.issuer,
      audience: provider.audience,
      currentDate: new Date(now),
      requiredClaims: ["sub", "exp"],
    });
    const name = payload.name ?? payload.preferred_username;
    return {
      issuer: provider.issuer,
      subject: payload.sub!,
      name: typeof name === "string" ? name.slice(0, 64) : null,
    };
  } catch (e) {
    if (e instanceof errors.JWTExpired)
      throw new ApiError(401, "token_expired", "the ID token expired");
    if (e instanceof errors.JWTClaimValidationFailed)
      throw new ApiError(401, e.claim === "aud" ? "wrong_audience" : "invalid_token", e.message);
    if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWSSignatureVerificationFailed)
      throw new ApiError(401, "invalid_token", "the ID token's signature does not verify");
    if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid)
      throw new ApiError(503, "provider_unavailable", "the provider's keys could not be fetched");
    if (e instanceof errors.JOSEError) throw new ApiError(401, "malformed_token", e.message);
    throw new ApiError(503, "provider_unavailable", "the provider's keys could not be fetched");
  }
}
