import { describe, expect, it } from "vitest";
import { measureRegions, median } from "./measure-regions.js";

/** A fake server: each ping to region r takes delays[r][n] ms on a manual clock. */
function fakeServer(delays: Record<string, number[]>) {
  let clock = 0;
  const calls: string[] = [];
  const fetch = (async (url: string) => {
    calls.push(url);
    const path = new URL(url).pathname;
    if (path === "/v1/regions") {
      return Response.json({
        regions: Object.keys(delays).map((id) => ({
          id,
          name: id.toUpperCase(),
          pingPath: `/v1/regions/${id}/ping`,
        })),
        detected: { regionId: "weur" },
      });
    }
    const id = path.split("/")[3]!;
    const next = delays[id]!.shift();
    if (next === undefined) return new Response("gone", { status: 500 });
    clock += next;
    return Response.json({ region: id, at: 0 });
  }) as typeof globalThis.fetch;
  return { fetch, now: () => clock, calls };
}

describe("measureRegions", () => {
  it("discards the warm-up ping and answers the median of the rest, fastest first", async () => {
    const server = fakeServer({ apac: [900, 210, 190, 250], weur: [400, 30, 20, 25] });
    const result = await measureRegions("http://x.test/", {
      fetch: server.fetch,
      now: server.now,
      // One region at a time: the fake clock is shared.
      concurrency: 1,
    });
    expect(result.regions).toEqual([
      { id: "weur", name: "WEUR", medianMs: 25, samplesMs: [30, 20, 25] },
      { id: "apac", name: "APAC", medianMs: 210, samplesMs: [210, 190, 250] },
    ]);
    expect(result.latencies).toEqual({ weur: 25, apac: 210 });
    expect(result.detectedRegionId).toBe("weur");
    expect(server.calls[0]).toBe("http://x.test/v1/regions");
  });

  it("leaves out a region that fails and refuses a bad sample count", async () => {
    const server = fakeServer({ weur: [5, 10, 10, 10], oc: [5] });
    const result = await measureRegions("http://x.test", { fetch: server.fetch, now: server.now });
    expect(Object.keys(result.latencies)).toEqual(["weur"]);
    await expect(measureRegions("http://x.test", { samples: 0 })).rejects.toThrow(
      "samples must be",
    );
  });

  it("takes the middle of an odd list and the mean of the middle two of an even one", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
