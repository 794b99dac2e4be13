import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chooseGroupRegion,
  DEFAULT_REGIONS,
  detectRegion,
  distanceKm,
  estimateRttMs,
  expectedLatencyMs,
  parseRegions,
} from "./index.js";

const PARIS = { latitude: "48.86", longitude: "2.35", continent: "EU", country: "FR" };
const SYDNEY = { latitude: "-33.87", longitude: "151.21", continent: "OC", country: "AU" };
const byId = (id: string) => DEFAULT_REGIONS.find((r) => r.id === id)!;

describe("parseRegions", () => {
  it("answers the built-in list for an unset var", () => {
    expect(parseRegions(undefined)).toBe(DEFAULT_REGIONS);
    expect(parseRegions("")).toBe(DEFAULT_REGIONS);
  });

  it("accepts a JSON list and names the first bad field", () => {
    const one = [{ id: "eu", name: "EU", locationHint: "weur", lat: 50, lon: 8 }];
    expect(parseRegions(JSON.stringify(one))).toEqual([{ ...one[0], continents: [] }]);
    expect(() => parseRegions("[")).toThrow("REGIONS: is not JSON");
    expect(() => parseRegions("[]")).toThrow("must be a non-empty array");
    expect(() => parseRegions([{ ...one[0], lat: 91 }])).toThrow("[0].lat must be a number");
    expect(() => parseRegions([one[0], one[0]])).toThrow("[1].id eu appears twice");
    expect(() => parseRegions([{ ...one[0], id: "EU!" }])).toThrow("[0].id must be");
  });
});

describe("detectRegion", () => {
  it("picks the nearest region by coordinates", () => {
    expect(detectRegion(DEFAULT_REGIONS, PARIS)).toMatchObject({
      region: { id: "weur" },
      method: "coordinates",
      country: "FR",
    });
    expect(detectRegion(DEFAULT_REGIONS, SYDNEY).region.id).toBe("oc");
    const seattle = { latitude: 47.6, longitude: -122.3, continent: "NA" };
    expect(detectRegion(DEFAULT_REGIONS, seattle).region.id).toBe("wnam");
  });

  it("falls back to the continent, then to the first region", () => {
    expect(detectRegion(DEFAULT_REGIONS, { continent: "AS" })).toMatchObject({
      region: { id: "apac" },
      method: "continent",
    });
    expect(detectRegion(DEFAULT_REGIONS, { latitude: "x", longitude: "2" })).toMatchObject({
      region: { id: "wnam" },
      method: "default",
    });
    expect(detectRegion(DEFAULT_REGIONS, undefined).method).toBe("default");
  });

  it("honours a configured override and ignores an unknown one", () => {
    expect(detectRegion(DEFAULT_REGIONS, PARIS, "apac")).toMatchObject({
      region: { id: "apac" },
      method: "override",
    });
    expect(detectRegion(DEFAULT_REGIONS, PARIS, "mars").method).toBe("coordinates");
  });
});

describe("latency estimates", () => {
  it("costs 10 ms plus 0.015 ms per km", () => {
    // Paris → Frankfurt is ~480 km: 10 + 0.015 × 480 ≈ 17 ms.
    const km = distanceKm({ lat: 48.86, lon: 2.35 }, byId("weur"));
    expect(km).toBeGreaterThan(430);
    expect(km).toBeLessThan(520);
    expect(estimateRttMs({ lat: 48.86, lon: 2.35 }, byId("weur"))).toBe(17);
  });

  it("prefers a measurement over the estimate", () => {
    const member = { accountId: "a", latencies: { weur: 42 }, point: { lat: 48.86, lon: 2.35 } };
    expect(expectedLatencyMs(member, byId("weur"))).toBe(42);
    expect(expectedLatencyMs(member, byId("apac"))).toBeGreaterThan(150);
  });
});

describe("chooseGroupRegion", () => {
  it("minimises the worst member's latency and warns about members over the threshold", () => {
    // Only the regions both measured: an unmeasured, unlocated member counts 0 ms.
    const two = chooseGroupRegion(
      [byId("weur"), byId("enam"), byId("apac")],
      [
        { accountId: "paris", latencies: { weur: 20, enam: 90, apac: 180 } },
        { accountId: "boston", latencies: { weur: 95, enam: 15, apac: 230 } },
      ],
      80,
    );
    expect(two.region.id).toBe("enam");
    expect(two.worstMs).toBe(90);
    expect(two.warnings).toEqual([
      { accountId: "paris", regionId: "enam", expectedMs: 90, thresholdMs: 80 },
    ]);
  });

  it("never picks a region whose worst latency another region beats", () => {
    const latency = fc.integer({ min: 1, max: 400 });
    fc.assert(
      fc.property(
        fc.array(fc.array(latency, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const members = rows.map((ms, i) => ({
            accountId: `p${i}`,
            latencies: Object.fromEntries(DEFAULT_REGIONS.map((r, j) => [r.id, ms[j]!])),
          }));
          const choice = chooseGroupRegion(DEFAULT_REGIONS, members);
          for (const r of DEFAULT_REGIONS) {
            const worst = Math.max(...members.map((m) => m.latencies[r.id]!));
            expect(choice.worstMs).toBeLessThanOrEqual(worst);
          }
          expect(choice.warnings.every((w) => w.expectedMs > w.thresholdMs)).toBe(true);
        },
      ),
    );
  });
});
