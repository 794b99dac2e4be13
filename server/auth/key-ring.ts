// The signing keys, from the AUTH_KEYS secret: a JSON key ring
// `{ "current": "kid", "keys": { "kid": <JWK>, ... } }`. The current key (a private JWK)
// signs; every key in the ring verifies, so a rotation that adds a new current key and keeps
// the old one (its private part may be dropped) logs nobody out.

import { importJWK, type JWK } from "jose";

/** Algorithms a ring key may use, derived from the JWK: P-256 → ES256, Ed25519 → EdDSA. */
export type KeyAlgorithm = "ES256" | "EdDSA";

/** One key of the ring. */
export interface RingKey {
  readonly kid: string;
  readonly alg: KeyAlgorithm;
  readonly publicKey: CryptoKey;
  /** The public JWK (for the JWKS endpoint). */
  readonly publicJwk: JWK;
}

/** A parsed key ring: one signing key, any number of verification keys. */
export interface KeyRing {
  /** The key that signs new tokens. */
  readonly current: RingKey & { readonly privateKey: CryptoKey };
  /** Looks up a verification key by `kid`. */
  key(kid: string): RingKey | undefined;
  /** Every verification key, current first. */
  readonly keys: readonly RingKey[];
}

/** AUTH_KEYS is missing or does not describe a usable key ring. */
export class KeyRingError extends Error {
  constructor(message: string) {
    super(`AUTH_KEYS: ${message}`);
    this.name = "KeyRingError";
  }
}

const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

function algorithmOf(kid: string, jwk: Record<string, unknown>): KeyAlgorithm {
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  throw new KeyRingError(`keys.${kid} must be an EC P-256 or OKP Ed25519 JWK`);
}

function publicPart(jwk: Record<string, unknown>): JWK {
  const { kty, crv, x, y } = jwk as JWK;
  return y === undefined ? { kty, crv, x } : { kty, crv, x, y };
}

async function importKey(kid: string, jwk: JWK, alg: KeyAlgorithm): Promise<CryptoKey> {
  try {
    return (await importJWK(jwk, alg)) as CryptoKey;
  } catch (e) {
    throw new KeyRingError(`keys.${kid} does not import: ${(e as Error).message}`);
  }
}

/**
 * Parses and imports a key ring; throws KeyRingError naming the bad field.
 * @example
 * const ring = await parseKeyRing(env.AUTH_KEYS);
 */
export async function parseKeyRing(secret: string | undefined): Promise<KeyRing> {
  if (!secret) throw new KeyRingError("not set (see docs/deploy.md)");
  let raw: unknown;
  try {
    raw = JSON.parse(secret);
  } catch {
    throw new KeyRingError("is not JSON");
  }
  if (typeof raw !== "object" || raw === null) throw new KeyRingError("must be an object");
  const { current, keys } = raw as { current?: unknown; keys?: unknown };
  if (typeof keys !== "object" || keys === null) throw new KeyRingError("keys must be an object");
  if (typeof current !== "string" || !(current in keys))
    throw new KeyRingError("current must name a key in keys");
  const ring = new Map<string, RingKey>();
  let signing: CryptoKey | undefined;
  for (const [kid, value] of Object.entries(keys)) {
    if (!KID_PATTERN.test(kid)) throw new KeyRingError(`key id ${JSON.stringify(kid)} is invalid`);
    if (typeof value !== "object" || value === null)
      throw new KeyRingError(`keys.${kid} must be a JWK`);
    const jwk = value as Record<string, unknown>;
    const alg = algorithmOf(kid, jwk);
    const pub = publicPart(jwk);
    ring.set(kid, { kid, alg, publicKey: await importKey(kid, pub, alg), publicJwk: pub });
    if (kid === current) {
      if (typeof jwk.d !== "string") throw new KeyRingError(`keys.${kid} (current) needs "d"`);
      signing = await importKey(kid, jwk as JWK, alg);
    }
  }
  const currentKey = { ...ring.get(current)!, privateKey: signing! };
  const ordered = [currentKey, ...[...ring.values()].filter((k) => k.kid !== current)];
  return { current: currentKey, key: (kid) => ring.get(kid), keys: ordered };
}

// Importing keys costs a few ms: parse each distinct secret once per isolate.
const cache = new Map<string, Promise<KeyRing>>();

/** parseKeyRing, memoised per secret value (a rotated secret is parsed anew). */
export function loadKeyRing(secret: string | undefined): Promise<KeyRing> {
  const key = secret ?? "";
  let ring = cache.get(key);
  if (!ring) {
    ring = parseKeyRing(secret);
    // A bad secret is not cached: fixing it must not need a restart.
    ring.catch(() => cache.delete(key));
    cache.set(key, ring);
  }
  return ring;
}
