import { describe, expect, it } from "vitest";
import { METRIC_SERIES } from "./admin-metrics.js";
import { readMetrics } from "./metrics-source.js";

const ORIGIN = "http://127.0.0.1:8787";

/** A fetch that answers `status` with `body` and records what it was asked. */
function answering(status: number, body: unknown) {
  const asked: { url: string; auth: string | null }[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    asked.push({ url: String(input), auth: new Headers(init?.headers).get("Authorization") });
    return new Response(JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  }) as typeof fetch;
  return { fetcher, asked };
}

const ONE_MINUTE = {
  from: 0,
  to: 60_000,
  stepMs: 60_000,
  minutes: [0],
  series: Object.fromEntries(Object.keys(METRIC_SERIES).map((k) => [k, [1]])),
};

const error = (code: string, message: string) => ({ error: { code, message } });

describe("readMetrics", () => {
  it("asks for the last 60 minutes with the bearer token and decodes the answer", async () => {
    const { fetcher, asked } = answering(200, ONE_MINUTE);
    const answer = await readMetrics(ORIGIN, "tok", undefined, fetcher);
    expect(asked).toEqual([{ url: `${ORIGIN}/v1/admin/metrics?minutes=60`, auth: "Bearer tok" }]);
    expect(answer.kind).toBe("metrics");
    if (answer.kind === "metrics") expect(answer.metrics.series.rooms).toEqual([1]);
  });

  it("calls a 403 not an admin, with the server's code and message", async () => {
    const { fetcher } = answering(403, error("forbidden", "this needs the admin permission"));
    expect(await readMetrics(ORIGIN, "tok", 60, fetcher)).toEqual({
      kind: "not_admin",
      message: "403 forbidden: this needs the admin permission",
    });
  });

  it("tells a refused token (401) from a server without the route (404)", async () => {
    const expired = answering(401, error("token_expired", "expired"));
    expect((await readMetrics(ORIGIN, "tok", 60, expired.fetcher)).kind).toBe("unauthorized");
    const missing = answering(404, error("not_found", "no route"));
    expect(await readMetrics(ORIGIN, "tok", 60, missing.fetcher)).toEqual({
      kind: "missing",
      message: "404 not_found: no route",
    });
  });

  it("calls a 5xx, a network error and an undecodable body failures to retry", async () => {
    const busy = answering(503, "busy");
    expect((await readMetrics(ORIGIN, "tok", 60, busy.fetcher)).kind).toBe("failed");
    const odd = answering(200, { ...ONE_MINUTE, minutes: [0, 60_000] });
    expect(await readMetrics(ORIGIN, "tok", 60, odd.fetcher)).toEqual({
      kind: "failed",
      message: "metrics: series.rooms has 1 values for 2 minutes",
    });
    const offline = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    expect(await readMetrics(ORIGIN, "tok", 60, offline)).toEqual({
      kind: "failed",
      message: "metrics: Failed to fetch",
    });
  });
});
