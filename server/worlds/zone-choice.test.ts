import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseZone } from "./zone-choice.js";

const ZONES = ["0.0", "1.0", "0.1", "1.1"];

describe("chooseZone", () => {
  it("enters the zone while it has a seat and refuses it, zone_full, at the cap", () => {
    const loads = new Map([["1.0", 63]]);
    expect(chooseZone(ZONES, loads, 64, "1.0")).toEqual({ ok: true, zoneId: "1.0" });
    loads.set("1.0", 64);
    expect(chooseZone(ZONES, loads, 64, "1.0")).toEqual({ ok: false, code: "zone_full" });
    expect(chooseZone(ZONES, loads, 64, "9.9")).toEqual({ ok: false, code: "unknown_zone" });
  });

  it("never places a player in a zone at its cap, and always in one below it", () => {
    fc.assert(
      fc.property(fc.nat(5), fc.integer({ min: 1, max: 5 }), (players, cap) => {
        const choice = chooseZone(ZONES, new Map([["0.1", players]]), cap, "0.1");
        expect(choice.ok).toBe(players < cap);
      }),
    );
  });
});
