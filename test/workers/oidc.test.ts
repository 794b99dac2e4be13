import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Session } from "../../workers/auth/issue-session.js";
import { parseOidcProviders } from "../../workers/auth/oidc-providers.js";
import { post } from "./sign-in.js";

// The provider configured for the tests in vitest.config.ts.
const ISSUER = "https://idp.edgetick.test";
const AUDIENCE = "edgetick-tests";
const JWKS_URL = `${ISSUER}/jwks.json`;

let provider: CryptoKey;
let impostor: CryptoKey;
let jwksFetches = 0;

beforeAll(async () => {
  const [real, fake] = [await generateKeyPair("RS256"), await generateKeyPair("RS256")];
  provider = real.privateKey;
  impostor = fake.privateKey;
  const jwks = {
    keys: [{ ...(await exportJWK(real.publicKey)), kid: "idp-1", alg: "RS256", use: "sig" }],
  };
  // The test serves the provider's JWKS: the Worker's outbound fetch to it is answered here.
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === JWKS_URL) {
      jwksFetches++;
      return Promise.resolve(Response.json(jwks));
    }
    return realFetch(input, init);
  });
});

function idToken(
  claims: { sub?: string; aud?: string; iss?: string; expS?: number; name?: string } = {},
  key = provider,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: claims.name ?? "Ada Lovelace" })
    .setProtectedHeader({ alg: "RS256", kid: "idp-1" })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setSubject(claims.sub ?? "user-1")
    .setIssuedAt(now)
    .setExpirationTime(now + (claims.expS ?? 300))
    .sign(key);
}

describe("POST /v1/auth/oidc", () => {
  it("signs in with an ID token verified against the provider's JWKS, the same account each time", async () => {
    const sub = crypto.randomUUID();
    const first = await post("/v1/auth/oidc", { idToken: await idToken({ sub }) });
    expect(first.status).toBe(200);
    const a = (await first.json()) as Session;
    expect(a.roles).toEqual(["player"]);
    const b = (await (
      await post("/v1/auth/oidc", { idToken: await idToken({ sub }) })
    ).json()) as Session;
    expect(b.accountId).toBe(a.accountId);
    const other = (await (
      await post("/v1/auth/oidc", { idToken: await idToken() })
    ).json()) as Session;
    expect(other.accountId).not.toBe(a.accountId);
  });

  const refusals: [string, () => Promise<string>, string][] = [
    ["signed by another key", () => idToken({}, impostor), "invalid_token"],
    ["expired", () => idToken({ expS: -10 }), "token_expired"],
    ["for another client", () => idToken({ aud: "someone-else" }), "wrong_audience"],
    ["from an unknown issuer", () => idToken({ iss: "https://evil.example" }), "unknown_provider"],
    ["not a JWT", async () => "nope", "malformed_token"],
  ];
  for (const [what, make, code] of refusals) {
    it(`refuses an ID token ${what} with 401 ${code}`, async () => {
      const res = await post("/v1/auth/oidc", { idToken: await make() });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    });
  }

  it("fetched the provider's JWKS once for all the sign-ins above", async () => {
    expect((await post("/v1/auth/oidc", { idToken: await idToken() })).status).toBe(200);
    expect(jwksFetches).toBe(1);
  });
});

describe("parseOidcProviders", () => {
  it("accepts a JSON string or a var table, and refuses broken entries naming the field", () => {
    const good = { issuer: ISSUER, audience: AUDIENCE, jwksUrl: JWKS_URL };
    expect(parseOidcProviders(JSON.stringify([good]))).toEqual([good]);
    expect(parseOidcProviders([good])).toEqual([good]);
    expect(parseOidcProviders(undefined)).toEqual([]);
    expect(() => parseOidcProviders("[")).toThrow("OIDC_PROVIDERS is not JSON");
    expect(() => parseOidcProviders([{ ...good, jwksUrl: "not a url" }])).toThrow(
      "OIDC_PROVIDERS[0].jwksUrl",
    );
    expect(() => parseOidcProviders([{ ...good, audience: "" }])).toThrow(
      "OIDC_PROVIDERS[0].audience",
    );
  });
});
