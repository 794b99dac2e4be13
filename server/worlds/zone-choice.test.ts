import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseZone } from "./zone-choice.js";

const ZONES = ["0.0", "1.0", "0.1", "1.1"];

describe("chooseZone", () => {
  it("enters the asked zone while it has a seat and refuses it, zone_full, at the cap", () => {
    const loads = new Map([["1.0", 63]]);
    expect(chooseZone(ZONES, loads, 64, "1.0")).toEqual({ ok: true, zoneId: "1.0" });
    loads.set("1.0", 64);
    expect(chooseZone(ZONES, loads, 64, "1.0")).toEqual({ ok: false, code: "zone_full" });
    expect(chooseZone(ZONES, loads, 64, "9.9")).toEqual({ ok: false, code: "unknown_zone" });
  });

  it("picks the least loaded zone, the first of equals, and refuses world_full when all are full", () => {
    expect(chooseZone(ZONES, new Map(), 2)).toEqual({ ok: true, zoneId: "0.0" });
    const loads = new Map([
      ["0.0", 2],
      ["1.0", 1],
      ["0.1", 1],
    ]);
    expect(chooseZone(ZONES, loads, 2)).toEqual({ ok: true, zoneId: "1.1" });
    loads.set("1.1", 2);
    expect(chooseZone(ZONES, loads, 2)).toEqual({ ok: true, zoneId: "1.0" });
    loads.set("1.0", 2);
    loads.set("0.1", 2);
    expect(chooseZone(ZONES, loads, 2)).toEqual({ ok: false, code: "world_full" });
  });

  it("never places a player in a zone at its cap", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        (counts, cap) => {
          const loads = new Map(ZONES.map((z, i) => [z, counts[i]!]));
          const choice = chooseZone(ZONES, loads, cap);
          if (choice.ok) expect(loads.get(choice.zoneId)!).toBeLessThan(cap);
          else expect(counts.every((n) => n >= cap)).toBe(true);
        },
      ),
    );
  });
});
