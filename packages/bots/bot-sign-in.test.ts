import { describe, expect, it } from "vitest";
import { botAddress, botFetch, isLocalUrl, retryAfterMs } from "./bot-sign-in.js";

describe("bot sign-in", () => {
  it("waits out 429 answers and sends the bot's own address to a local Worker", async () => {
    const seen: (string | undefined)[] = [];
    let calls = 0;
    const fake = (async (_url: string, init: RequestInit) => {
      seen.push((init.headers as Record<string, string>)["CF-Connecting-IP"]);
      calls++;
      return calls <= 2
        ? new Response("slow down", { status: 429, headers: { "Retry-After": "0" } })
        : new Response("{}", { status: 200 });
    }) as typeof fetch;
    const counter = { retries: 0 };
    const res = await botFetch(
      "10.0.0.7",
      counter,
      new AbortController().signal,
      fake,
    )("http://127.0.0.1:8787/v1/auth/guest", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(counter.retries).toBe(2);
    expect(seen).toEqual(["10.0.0.7", "10.0.0.7", "10.0.0.7"]);
  });

  it("sends no address header to a remote Worker", async () => {
    let headers: Record<string, string> = {};
    const fake = (async (_url: string, init: RequestInit) => {
      headers = init.headers as Record<string, string>;
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    await botFetch(
      undefined,
      { retries: 0 },
      new AbortController().signal,
      fake,
    )("https://game.example.com/v1/auth/guest", {
      method: "POST",
      headers: { Accept: "application/json" },
    });
    expect(headers).toEqual({ Accept: "application/json" });
  });

  it("reads Retry-After as seconds or a date, 1 s when absent or unreadable", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(" 0 ")).toBe(0);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs("soon")).toBe(1000);
    const now = Date.parse("2026-12-06T15:00:00Z");
    expect(retryAfterMs("Sun, 06 Dec 2026 15:00:02 GMT", now)).toBe(2000);
    expect(retryAfterMs("Sun, 06 Dec 2026 14:59:00 GMT", now)).toBe(0);
  });

  it("tells local Workers apart and gives each bot its own address", () => {
    expect(isLocalUrl("http://127.0.0.1:8787")).toBe(true);
    expect(isLocalUrl("http://localhost:8787")).toBe(true);
    expect(isLocalUrl("https://game.example.com")).toBe(false);
    const addresses = new Set(Array.from({ length: 70_000 }, (_, i) => botAddress(i)));
    expect(addresses.size).toBe(70_000);
    expect(botAddress(258)).toBe("10.0.1.2");
  });
});
