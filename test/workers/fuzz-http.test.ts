// Fuzzing every HTTP route the Worker documents (issue 19): for each operation of its own
// OpenAPI document, seeded requests with hostile path parameters, query strings, bodies
// (wrong types, prototype-pollution keys, deep nesting, long strings, not JSON at all) and
// credentials (none, a player's, an admin's, mutated and forged tokens). No answer is a 500;
// every refusal is a JSON error; and a refused write leaves the database as it was.
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileJson } from "../support/fuzz.js";
import { signInGuest, signInWithRoles } from "./sign-in.js";

const BASE = "http://edgetick.test";
const bindings = env as unknown as { FUZZ_HTTP_CASES?: string; FUZZ_SEED?: string };
/** Requests per documented operation (FUZZ_HTTP_CASES; CI's 12 take about ten seconds). */
const CASES = Number(bindings.FUZZ_HTTP_CASES ?? 12);
const FUZZ_SEED = Number(bindings.FUZZ_SEED ?? 19);

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly params: readonly string[];
  readonly body: boolean;
}

async function operations(): Promise<Operation[]> {
  const doc = (await (await exports.default.fetch(`${BASE}/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { requestBody?: unknown }>>;
  };
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      out.push({ method: method.toUpperCase(), path, params, body: op.requestBody !== undefined });
    }
  return out;
}

/**
 * Rows per table: a refused request must not change any. Except the metering's: a refused
 * sign-in is counted there on purpose (the dashboard's sign-in failures, docs/costs.md).
 */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' AND name <> 'usage_minutes'",
  ).all<{ name: string }>();
  const counts: Record<string, number> = {};
  for (const { name } of tables.results) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM "${name}"`).first<{ n: number }>();
    counts[name] = row?.n ?? 0;
  }
  return counts;
}

const segment = fc.oneof(
  fc.constantFrom(
    "",
    "..",
    "%2e%2e",
    "%00",
    "a".repeat(300),
    "__proto__",
    "constructor",
    "0",
    "-1",
    "1e999",
    "%F0%9F%92%A5",
    "me",
  ),
  fc.string({ maxLength: 24 }).map(encodeURIComponent),
);

const query = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          "limit",
          "before",
          "game",
          "mode",
          "region",
          "prop.x",
          "__proto__",
          "sort",
          "ticket",
        ),
        fc.string({ maxLength: 8 }),
      ),
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom("-1", "1e309", "NaN", "x".repeat(2_000), "true"),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&"),
  );

const body = fc.oneof(
  hostileJson().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    "",
    "{",
    "[]",
    "null",
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
  ),
);

function mutateToken(token: string, at: number, c: string): string {
  const i = at % token.length;
  return token.slice(0, i) + c + token.slice(i + 1);
}

describe("every documented HTTP route under fuzzing", () => {
  it("never answers 500, refuses with a JSON error, and a refused write changes nothing", async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(20);
    const player = await signInGuest("fuzz");
    const admin = await signInWithRoles(["admin"]);
    const token = fc.oneof(
      fc.constant(undefined),
      fc.constant(player.accessToken),
      fc.constant(admin.accessToken),
      fc
        .tuple(fc.nat(), fc.constantFrom("A", "_", "-", ".", "="))
        .map(([at, c]) => mutateToken(player.accessToken, at, c)),
      fc
        .tuple(fc.nat(), fc.constantFrom("A", "_", "-"))
        .map(([at, c]) => mutateToken(admin.accessToken, at, c)),
      fc.constantFrom("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "x", "Bearer", "a.b.c"),
    );
    const request = fc.record({
      segs: fc.array(segment, { minLength: 4, maxLength: 4 }),
      query,
      body,
      token,
      json: fc.boolean(),
    });
    const samples = fc.sample(request, { seed: FUZZ_SEED, numRuns: CASES * ops.length });
    let sent = 0;
    let refusedWrites = 0;
    const failures: string[] = [];
    for (const [i, op] of ops.entries()) {
      for (let k = 0; k < CASES; k++) {
        const r = samples[i * CASES + k]!;
        let path = op.path;
        op.params.forEach((p, j) => {
          path = path.replace(`{${p}}`, r.segs[j] ?? "x");
        });
        const url = `${BASE}${path}${r.query ? `?${r.query}` : ""}`;
        const headers: Record<string, string> = {};
        if (r.token !== undefined) headers.Authorization = `Bearer ${r.token}`;
        if (r.json) headers["Content-Type"] = "application/json";
        const write = op.method !== "GET" && op.method !== "HEAD";
        const before = write ? await tableCounts() : undefined;
        const res = await exports.default.fetch(url, {
          method: op.method,
          headers,
          ...(write && op.method !== "DELETE" ? { body: r.body } : {}),
        });
        sent++;
        const text = await res.text();
        const what = `${op.method} ${url.slice(0, 160)} → ${res.status}`;
        if (res.status >= 500) failures.push(`${what}: ${text.slice(0, 200)}`);
        if (res.status >= 400 && res.status !== 426) {
          let code: unknown;
          try {
            code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
          } catch {}
          if (typeof code !== "string")
            failures.push(`${what}: not a JSON error: ${text.slice(0, 120)}`);
        }
        if (before && res.status >= 400) {
          refusedWrites++;
          const after = await tableCounts();
          if (JSON.stringify(after) !== JSON.stringify(before))
            failures.push(
              `${what}: a refused write changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
            );
        }
      }
    }
    // Every operation got its cases and refused writes were checked (counts: docs/reliability.md).
    expect(sent).toBe(CASES * ops.length);
    expect(refusedWrites).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  }, 600_000);
});
