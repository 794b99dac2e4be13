import { describe, expect, it } from "vitest";
import { call } from "./sign-in.js";

const at = (cf: Record<string, unknown>, query = "") =>
  call("GET", `/v1/regions${query}`, undefined, undefined, {}, cf);

describe("regions", () => {
  it("detects the nearest region from request.cf coordinates", async () => {
    const paris = await at({
      latitude: "48.86",
      longitude: "2.35",
      continent: "EU",
      country: "FR",
    });
    expect(paris.status).toBe(200);
    const body = (await paris.json()) as {
      regions: { id: string; pingPath: string }[];
      detected: unknown;
    };
    expect(body.detected).toEqual({ regionId: "weur", method: "coordinates", country: "FR" });
    expect(body.regions.map((r) => r.id)).toEqual(["wnam", "enam", "sam", "weur", "apac", "oc"]);
    expect(body.regions[3]!.pingPath).toBe("/v1/regions/weur/ping");
    const tokyo = await at({
      latitude: "35.68",
      longitude: "139.69",
      continent: "AS",
      country: "JP",
    });
    expect(((await tokyo.json()) as { detected: { regionId: string } }).detected.regionId).toBe(
      "apac",
    );
    const sydney = await at({
      latitude: "-33.87",
      longitude: "151.21",
      continent: "OC",
      country: "AU",
    });
    expect(((await sydney.json()) as { detected: { regionId: string } }).detected.regionId).toBe(
      "oc",
    );
  });

  it("falls back to the continent without coordinates, and honours a player's override", async () => {
    const sa = await at({ continent: "SA", country: "BR" });
    expect(((await sa.json()) as { detected: unknown }).detected).toEqual({
      regionId: "sam",
      method: "continent",
      country: "BR",
    });
    const chosen = await at({ latitude: "48.86", longitude: "2.35" }, "?region=enam");
    expect(((await chosen.json()) as { detected: unknown }).detected).toMatchObject({
      regionId: "enam",
      method: "override",
    });
  });

  it("answers a ping from the region's own object and refuses an unknown region", async () => {
    const res = await call("GET", "/v1/regions/weur/ping", undefined);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ region: "weur", at: expect.any(Number) });
    expect((await call("GET", "/v1/regions/mars/ping", undefined)).status).toBe(404);
    const bad = await call("GET", "/v1/regions/Mars!/ping", undefined);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_region_id" } });
  });
});
