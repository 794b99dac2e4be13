import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

interface Estimate {
  settings: Record<string, number | boolean>;
  monthlyUsd: number;
  items: { item: string; quantity: number; unit: string; usd: number; formula: string }[];
  warnings: string[];
  prices: { version: string; currency: string };
}

function get(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`http://edgetick.test/v1/costs/estimate${query}`, { headers });
}

const item = (e: Estimate, name: string) => e.items.find((i) => i.item === name);

describe("GET /v1/costs/estimate", () => {
  it("answers 200 without a token, with items that sum to the monthly total", async () => {
    const res = await get("?players=4&tickRate=20&matchMinutes=8&matchesPerDay=5000&voice=true");
    expect(res.status).toBe(200);
    const e = (await res.json()) as Estimate;
    expect(e.settings).toMatchObject({ players: 4, tickRate: 20, matchMinutes: 8, voice: true });
    expect(e.monthlyUsd).toBeCloseTo(
      e.items.reduce((t, i) => t + i.usd, 0),
      9,
    );
    expect(e.prices).toEqual({
      version: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      currency: "USD",
    });
    expect(item(e, "Durable Objects requests")?.formula).toMatch(/voice frames/);
  });

  it("prices the 10-player, 30 Hz, 15-minute example at 100,000 matches a day", async () => {
    const res = await get("?players=10&tickRate=30&matchMinutes=15&matchesPerDay=100000");
    const e = (await res.json()) as Estimate;
    expect(item(e, "Workers Paid base fee")?.usd).toBe(5);
    // 3 M matches × 10 players × 5 requests = 150 M; (150 M − 10 M) × $0.30 per million.
    expect(item(e, "Workers requests")).toMatchObject({ quantity: 150_000_000 });
    expect(item(e, "Workers requests")?.usd).toBeCloseTo(42, 9);
    // 14,022.5 requests a match (279,010 messages ÷ 20 + 42 + 30 watch alarms) × 3 M, less 1 M
    // included, × $0.15.
    expect(item(e, "Durable Objects requests")?.usd).toBeCloseTo(6309.975, 6);
    // 305 D1 rows written a match × 3 M, less 50 M included, × $1 per million.
    expect(item(e, "D1 rows written")?.usd).toBeCloseTo(865, 6);
    expect(item(e, "WebSocket messages out")?.usd).toBe(0);
    expect(e.warnings).toEqual([]);
  });

  it("uses the example's settings when given none", async () => {
    const e = (await (await get("")).json()) as Estimate;
    expect(e.settings).toMatchObject({
      players: 10,
      tickRate: 30,
      matchMinutes: 15,
      matchesPerDay: 1000,
      voice: false,
    });
  });

  it("refuses a setting out of range with 400 invalid_request naming it, and takes its boundary", async () => {
    for (const [query, field] of [
      ["?players=1001", "players"],
      ["?players=0", "players"],
      ["?players=2.5", "players"],
      ["?tickRate=121", "tickRate"],
      ["?matchMinutes=241", "matchMinutes"],
      ["?matchesPerDay=10000001", "matchesPerDay"],
      ["?matchesPerDay=-1", "matchesPerDay"],
      ["?voice=yes", "voice"],
      ["?players=ten", "players"],
    ] as const) {
      const res = await get(query);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toContain(field);
    }
    const edge = await get("?players=1000&tickRate=120&matchMinutes=240&matchesPerDay=10000000");
    expect(edge.status).toBe(200);
    expect(((await edge.json()) as Estimate).warnings[0]).toMatch(/messages a second/);
  });

  it("answers 429 rate_limited after 300 calls a minute from one address, not from another", async () => {
    const ip = { "CF-Connecting-IP": "192.0.2.151" };
    for (let i = 0; i < 300; i++) expect((await get("?players=2", ip)).status).toBe(200);
    const limited = await get("?players=2", ip);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await get("?players=2", { "CF-Connecting-IP": "192.0.2.152" })).status).toBe(200);
  });
});
