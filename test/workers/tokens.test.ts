import { env } from "cloudflare:workers";
import fc from "fast-check";
import { base64url, exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { hasLowS, toLowS } from "../../server/auth/ecdsa-low-s.js";
import {
  loadKeyRing,
  parseKeyRing,
  signAccessToken,
  signJoinTicket,
  TOKEN_AUDIENCE,
  verifyRoomToken,
  verifyToken,
} from "../../server/auth/index.js";

const NOW = Date.UTC(2026, 10, 1);
const ACCESS = { audiences: [TOKEN_AUDIENCE.ACCESS], now: NOW };
const subject = { accountId: "acc_00000000000000000000000000000001", roles: ["player"] };

async function newKey(kid: string) {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { kid, jwk: await exportJWK(privateKey) };
}

function ring(current: string, keys: Record<string, unknown>): string {
  return JSON.stringify({ current, keys });
}

describe("access tokens", () => {
  it("verify with the ring that signed them and carry account, roles and expiry", async () => {
    const keys = await loadKeyRing(env.AUTH_KEYS);
    const token = await signAccessToken(keys, subject, { now: NOW, ttlS: 900 });
    const r = await verifyToken(keys, token, ACCESS);
    expect(r).toEqual({
      ok: true,
      credential: { kind: "access", ...subject, expiresAt: NOW + 900_000 },
    });
  });

  it("are accepted until the second they expire and refused as expired from then on", async () => {
    const keys = await loadKeyRing(env.AUTH_KEYS);
    const token = await signAccessToken(keys, subject, { now: NOW, ttlS: 60 });
    expect((await verifyToken(keys, token, { ...ACCESS, now: NOW + 59_999 })).ok).toBe(true);
    const late = await verifyToken(keys, token, { ...ACCESS, now: NOW + 60_000 });
    expect(late).toMatchObject({ ok: false, failure: "expired" });
  });

  it("refuses an empty token as missing", async () => {
    const keys = await loadKeyRing(env.AUTH_KEYS);
    expect(await verifyToken(keys, "", ACCESS)).toMatchObject({ ok: false, failure: "missing" });
  });

  it("accepts no mutation of a genuine token (fast-check over flips, splices and truncations)", async () => {
    const keys = await loadKeyRing(env.AUTH_KEYS);
    const token = await signAccessToken(keys, subject, { now: NOW, ttlS: 900 });
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    const mutation = fc.oneof(
      // Replace one character with another.
      fc
        .tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet))
        .filter(([i, ch]) => token[i] !== ch)
        .map(([i, ch]) => token.slice(0, i) + ch + token.slice(i + 1)),
      // Cut the token short or append to it.
      fc.nat({ max: token.length - 1 }).map((n) => token.slice(0, n)),
      fc.string({ minLength: 1, maxLength: 8 }).map((tail) => token + tail),
      // Insert or delete a character.
      fc
        .tuple(fc.nat({ max: token.length }), fc.constantFrom(...alphabet))
        .map(([i, ch]) => token.slice(0, i) + ch + token.slice(i)),
      fc.nat({ max: token.length - 1 }).map((i) => token.slice(0, i) + token.slice(i + 1)),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (doctored) => {
        expect((await verifyToken(keys, doctored, ACCESS)).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses re-encoded claims under the original signature, and alg none, as forged or malformed", async () => {
    const keys = await loadKeyRing(env.AUTH_KEYS);
    const token = await signAccessToken(keys, subject, { now: NOW, ttlS: 900 });
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(atob(payload!.replaceAll("-", "+").replaceAll("_", "/")));
    const b64 = (o: unknown) =>
      btoa(JSON.stringify(o)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    const promoted = `${header}.${b64({ ...claims, roles: ["admin"] })}.${signature}`;
    expect(await verifyToken(keys, promoted, ACCESS)).toMatchObject({
      ok: false,
      failure: "forged",
    });
    const none = `${b64({ alg: "none", kid: keys.current.kid })}.${payload}.`;
    expect((await verifyToken(keys, none, ACCESS)).ok).toBe(false);
  });

  it("refuses a token signed by a key outside the ring as forged, even with a known kid", async () => {
    const keys = await loadKeyRing(env.AUTH_KEYS);
    const stranger = await newKey(keys.current.kid);
    const other = await parseKeyRing(ring(stranger.kid, { [stranger.kid]: stranger.jwk }));
    const token = await signAccessToken(other, subject, { now: NOW, ttlS: 900 });
    expect(await verifyToken(keys, token, ACCESS)).toMatchObject({ ok: false, failure: "forged" });
  });

  it("signs in low-s form, and refuses the same token with its ECDSA s rewritten as n − s", async () => {
    const keys = await loadKeyRing(env.AUTH_KEYS);
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    // WebCrypto picks either s: twenty tokens are sure to include both kinds before normalizing.
    for (let i = 0; i < 20; i++) {
      const token = await signAccessToken(keys, subject, { now: NOW + i * 1000, ttlS: 900 });
      expect(hasLowS(token)).toBe(true);
      expect(await verifyToken(keys, token, ACCESS)).toMatchObject({ ok: true });
      // The other spelling of the same signature: (r, n − s) is valid ECDSA, refused here.
      const dot = token.lastIndexOf(".");
      const sig = base64url.decode(token.slice(dot + 1));
      let s = 0n;
      for (let b = 32; b < 64; b++) s = (s << 8n) | BigInt(sig[b]!);
      let high = n - s;
      for (let b = 63; b >= 32; b--) {
        sig[b] = Number(high & 0xffn);
        high >>= 8n;
      }
      const twin = `${token.slice(0, dot + 1)}${base64url.encode(sig)}`;
      expect(await verifyToken(keys, twin, ACCESS)).toMatchObject({
        ok: false,
        failure: "malformed",
      });
    }
  });

  it("refuses a genuine token of another audience or issuer as wrong_audience", async () => {
    const keys = await loadKeyRing(env.AUTH_KEYS);
    const ticket = await signJoinTicket(keys, subject, "lobby", { now: NOW, ttlS: 60 });
    expect(await verifyToken(keys, ticket, ACCESS)).toMatchObject({
      ok: false,
      failure: "wrong_audience",
    });
    // Signed here as edgetick signs (low-s): only the issuer is foreign.
    const foreign = toLowS(
      await new SignJWT({ roles: [] })
        .setProtectedHeader({ alg: "ES256", kid: keys.current.kid })
        .setIssuer("someone-else")
        .setAudience(TOKEN_AUDIENCE.ACCESS)
        .setSubject("x")
        .setIssuedAt(NOW / 1000)
        .setExpirationTime(NOW / 1000 + 60)
        .sign(keys.current.privateKey),
    );
    expect(await verifyToken(keys, foreign, ACCESS)).toMatchObject({
      ok: false,
      failure: "wrong_audience",
    });
  });
});

describe("join tickets", () => {
  it("admit to their own room and are refused as wrong_room elsewhere", async () => {
    const keys = await loadKeyRing(env.AUTH_KEYS);
    const ticket = await signJoinTicket(keys, subject, "lobby", { now: NOW, ttlS: 60 });
    expect(await verifyRoomToken(keys, ticket, "lobby", NOW)).toMatchObject({
      ok: true,
      credential: { kind: "join", room: "lobby" },
    });
    expect(await verifyRoomToken(keys, ticket, "other", NOW)).toMatchObject({
      ok: false,
      failure: "wrong_room",
    });
  });
});

describe("key rotation", () => {
  it("keeps tokens of the old key valid once a new current key is added, and signs with the new one", async () => {
    const [k1, k2] = [await newKey("k1"), await newKey("k2")];
    const before = await parseKeyRing(ring("k1", { k1: k1.jwk }));
    const oldToken = await signAccessToken(before, subject, { now: NOW, ttlS: 900 });
    // The old key may stay as a public key only.
    const { d: _d, ...k1Public } = k1.jwk;
    const after = await parseKeyRing(ring("k2", { k2: k2.jwk, k1: k1Public }));
    expect((await verifyToken(after, oldToken, ACCESS)).ok).toBe(true);
    const newToken = await signAccessToken(after, subject, { now: NOW, ttlS: 900 });
    expect(JSON.parse(atob(newToken.split(".")[0]!)).kid).toBe("k2");
    // A server still on the old ring does not know k2 yet.
    expect(await verifyToken(before, newToken, ACCESS)).toMatchObject({
      ok: false,
      failure: "forged",
    });
    // Retiring k1 entirely ends its tokens.
    const retired = await parseKeyRing(ring("k2", { k2: k2.jwk }));
    expect(await verifyToken(retired, oldToken, ACCESS)).toMatchObject({
      ok: false,
      failure: "forged",
    });
  });
});

describe("parseKeyRing refusals", () => {
  it("accepts a one-key ring and refuses each broken neighbour naming the field", async () => {
    const k = await newKey("k");
    await expect(parseKeyRing(ring("k", { k: k.jwk }))).resolves.toBeDefined();
    const { d: _d, ...pub } = k.jwk;
    const cases: [string | undefined, RegExp][] = [
      [undefined, /not set/],
      ["{", /not JSON/],
      [JSON.stringify({ keys: { k: k.jwk } }), /current must name a key/],
      [ring("missing", { k: k.jwk }), /current must name a key/],
      [ring("k", { k: pub }), /needs "d"/],
      [ring("k", { k: { kty: "oct", k: "c2VjcmV0" } }), /EC P-256 or OKP Ed25519/],
      [ring("k", { k: { ...k.jwk, x: "AAAA" } }), /does not import/],
      [ring("bad kid", { "bad kid": k.jwk }), /key id/],
    ];
    for (const [secret, error] of cases) await expect(parseKeyRing(secret)).rejects.toThrow(error);
  });
});
