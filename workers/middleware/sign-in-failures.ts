// Counts failed sign-ins (a POST to /v1/auth/guest, /oidc or /refresh answered 4xx, rate
// limiting included) into the usage table, for the operator dashboard's "sign-in failures":
// a burst of them is an attack or a broken client release. One upsert per failure, off the
// response (waitUntil); the auth rate limits bound how many one address can cause.

import type { MiddlewareHandler } from "hono";
import { UsageMeter } from "../../server/metering/usage-meter.js";
import { writeUsage } from "../../server/metering/usage-repository.js";
import type { AppEnv } from "../env.js";

const SIGN_INS = ["/guest", "/oidc", "/refresh"];

/** Middleware of the auth routes (register it before their rate limit, to count 429s too). */
export const countSignInFailures: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.req.method !== "POST" || c.res.status < 400) return;
  if (!SIGN_INS.some((p) => c.req.path.endsWith(p))) return;
  const meter = new UsageMeter(() => ({
    kind: "worker",
    objectId: "auth",
    matchId: "",
    game: "",
    mode: "",
    region: "",
  }));
  const now = Date.now();
  meter.add("signInFailures", 1, now);
  writeUsage(c.env.DB, meter.take(now), (work) => c.executionCtx.waitUntil(work), "auth");
};
