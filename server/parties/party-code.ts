// Party ids and invite codes, from the platform's CSPRNG: a code is a bearer secret (whoever
// holds it may join), so it must not be guessable.

import { PARTY_CODE_ALPHABET, PARTY_CODE_LENGTH } from "../../shared/http/parties-schemas.js";

/** A new party id: "pty_" and 24 hex digits. */
export function newPartyId(): string {
  return `pty_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
}

/**
 * A new invite code of PARTY_CODE_LENGTH characters of PARTY_CODE_ALPHABET, uniform: bytes at
 * or above the largest multiple of the alphabet's size are drawn again (no modulo bias).
 */
export function newPartyCode(): string {
  const n = PARTY_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = "";
  // Each byte is kept with probability limit/256 = 248/256; one round of 64 bytes falls
  // short of 8 kept with probability below 1e-40, so eight rounds bound the loop safely.
  for (let round = 0; round < 8 && code.length < PARTY_CODE_LENGTH; round++) {
    for (const b of crypto.getRandomValues(new Uint8Array(64))) {
      if (b < limit && code.length < PARTY_CODE_LENGTH) code += PARTY_CODE_ALPHABET[b % n];
    }
  }
  if (code.length < PARTY_CODE_LENGTH) throw new Error("newPartyCode: the random source is broken");
  return code;
}
