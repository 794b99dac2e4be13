// Rate limits with the Workers Rate Limiting binding (simulated locally by wrangler dev and
// the test pool): sign-ins per client IP, API calls per account. Over the limit: 429.

import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../api-error.js";
import type { AppEnv, Env } from "../env.js";

/** The client's address as Cloudflare reports it; "local" when absent (tests, scripts). */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("CF-Connecting-IP") ?? "local";
}

/**
 * Counts one call against `binding` under the key `key(c)`; refuses with 429 beyond it.
 * @example
 * auth.use("*", rateLimit("AUTH_LIMITER", (c) => `ip:${clientIp(c)}`));
 */
export function rateLimit(
  binding: "AUTH_LIMITER" | "API_LIMITER",
  key: (c: Context<AppEnv>) => string,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limiter: RateLimit | undefined = (c.env as Env)[binding];
    // Without the binding (a misconfigured deploy) fail open: availability over throttling.
    if (limiter) {
      const { success } = await limiter.limit({ key: key(c) });
      if (!success) throw new ApiError(429, "rate_limited", "too many requests; slow down");
    }
    await next();
  };
}

/** API calls per account; runs after requireAuth. */
export const limitByAccount: MiddlewareHandler<AppEnv> = rateLimit(
  "API_LIMITER",
  (c) => `account:${c.var.credential.accountId}`,
);
