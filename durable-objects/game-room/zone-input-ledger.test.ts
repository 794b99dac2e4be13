import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZoneInputLedger, zoneInputAudit } from "./zone-input-ledger.js";

/** Applies `seqs` in `zone` for player 1 of account "a" as one stint. */
function stint(zone: ZoneInputLedger, seqs: number[]): void {
  zone.entered(1, "a");
  for (const s of seqs) zone.applied(1, s);
}

describe("zoneInputAudit", () => {
  it("finds nothing wrong when zones applied each input once between them", () => {
    const a = new ZoneInputLedger();
    const b = new ZoneInputLedger();
    stint(a, [0, 1, 2, 3]);
    stint(b, [4, 5, 6]);
    stint(a, [7, 8]);
    expect(zoneInputAudit([...a.stints, ...b.stints])).toEqual({
      applied: 9,
      lost: 0,
      duplicated: 0,
      accountsLosing: 0,
      largestGap: 0,
    });
  });

  it("counts a gap between two zones' stints as lost and an overlap as duplicated", () => {
    const a = new ZoneInputLedger();
    const b = new ZoneInputLedger();
    stint(a, [0, 1, 2]);
    stint(b, [5, 6]); // 3 and 4 lost
    stint(a, [6, 7]); // 6 applied twice
    expect(zoneInputAudit([...a.stints, ...b.stints])).toEqual({
      applied: 7,
      lost: 2,
      duplicated: 1,
      accountsLosing: 1,
      largestGap: 2,
    });
  });

  it("matches a direct count for any split of a player's inputs across zones", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2), fc.nat(3), fc.nat(2)), { minLength: 1, maxLength: 30 }),
        (steps) => {
          // Each step: a zone, then how many inputs it skips ahead (0: none lost) and repeats.
          const zones = [new ZoneInputLedger(), new ZoneInputLedger(), new ZoneInputLedger()];
          const times = new Map<number, number>();
          let seq = 0;
          let current = -1;
          for (const [z, skip, repeat] of steps) {
            if (z !== current) zones[z]!.entered(1, "a");
            current = z;
            seq += skip;
            for (let r = 0; r <= repeat; r++) {
              zones[z]!.applied(1, seq);
              times.set(seq, (times.get(seq) ?? 0) + 1);
            }
            seq++;
          }
          const seqs = [...times.keys()];
          const span = Math.max(...seqs) - Math.min(...seqs) + 1;
          const audit = zoneInputAudit(zones.flatMap((l) => l.stints));
          expect(audit.lost).toBe(span - times.size);
          expect(audit.duplicated).toBe([...times.values()].reduce((n, t) => n + t - 1, 0));
        },
      ),
    );
  });
});
