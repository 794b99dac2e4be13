// The key ring of this deployment, parsed once per isolate. A missing or broken AUTH_KEYS
// secret is an operator error: it answers 500 auth_not_configured and is logged.

import { type KeyRing, loadKeyRing } from "../../server/auth/index.js";
import { ApiError } from "../api-error.js";
import type { Env } from "../env.js";

/** The parsed AUTH_KEYS ring; throws ApiError 500 when it is missing or invalid. */
export async function signingKeys(env: Pick<Env, "AUTH_KEYS">): Promise<KeyRing> {
  try {
    return await loadKeyRing(env.AUTH_KEYS);
  } catch (e) {
    console.error("auth is not configured", e);
    throw new ApiError(500, "auth_not_configured", "the server's signing keys are not configured");
  }
}
