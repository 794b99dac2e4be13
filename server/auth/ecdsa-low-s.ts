// ECDSA malleability: a P-256 signature (r, s) verifies as (r, n − s) too, so one token would
// have two spellings that verify. Tokens edgetick signs are put in low-s form (s ≤ n/2), and
// only that form is accepted: every token has exactly one string. WebCrypto signs with either
// s, so signing normalizes rather than trusting the library.

import { base64url } from "jose";

/** The order of the P-256 group. */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_N = N >> 1n;

function sOf(signature: Uint8Array): bigint {
  let s = 0n;
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(signature[i]!);
  return s;
}

/** True when the compact ES256 JWS `token` carries a 64-byte signature with s ≤ n/2. */
export function hasLowS(token: string): boolean {
  const signature = base64url.decode(token.slice(token.lastIndexOf(".") + 1));
  return signature.length === 64 && sOf(signature) <= HALF_N;
}

/** The compact ES256 JWS `token` with its signature in low-s form (unchanged if it was). */
export function toLowS(token: string): string {
  const dot = token.lastIndexOf(".");
  const signature = base64url.decode(token.slice(dot + 1));
  const s = sOf(signature);
  if (signature.length !== 64 || s <= HALF_N) return token;
  let low = N - s;
  for (let i = 63; i >= 32; i--) {
    signature[i] = Number(low & 0xffn);
    low >>= 8n;
  }
  return `${token.slice(0, dot + 1)}${base64url.encode(signature)}`;
}
