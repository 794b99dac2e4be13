// A restarted room never writes an older document back over a newer one. Before the restart
// a room's game sets a document (each value larger than the last: newer means larger), its
// periodic saves write it to D1 (each write in flight until it lands, as a D1 round trip is),
// and its snapshots store a held copy (heldOf) — in any order, every step at its own
// millisecond. After the restart the held copy is reconciled with D1 (reconcileHeld) and
// saved: D1 ends with the newest value either side knew, the held copy's or D1's own.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import type {
  DocumentWrite,
  PlayerDataRepository,
  PlayerDocument,
  WriteOutcome,
} from "../../server/player-data/player-data-repository.js";
import { AccountData, accountOfHeld, type HeldData, heldOf } from "./account-data.js";
import { type AccountStore, reconcileHeld, saveAccount } from "./account-store.js";

const KEY = "stats";

type Step = "set" | "save" | "land" | "snapshot";

/** D1's one document, whose writes land when the test says (each stamped at its call). */
function d1(clock: { now: number }) {
  let doc: PlayerDocument | undefined;
  const inFlight: (() => void)[] = [];
  const apply = (w: DocumentWrite): WriteOutcome => {
    const current = doc?.version ?? 0;
    if (current !== w.expectedVersion) return { ok: false, conflict: { currentVersion: current } };
    doc = { key: KEY, version: current + 1, schemaVersion: 1, value: w.value, updatedAt: w.now };
    return { ok: true, document: doc, replayed: false };
  };
  const slow = {
    async readMany() {
      return new Map(doc ? [[KEY, doc]] : []);
    },
    write(w: DocumentWrite): Promise<WriteOutcome> {
      return new Promise((resolve) => inFlight.push(() => resolve(apply(w))));
    },
  };
  const store = (repo: unknown): AccountStore => ({
    // The repository's class has private fields; these doubles have its public shape.
    repo: repo as PlayerDataRepository,
    schemas: new DocumentSchemas({ [KEY]: { version: 1 } }),
    keys: [KEY],
    roomId: "r",
    now: () => clock.now,
  });
  return {
    doc: () => doc,
    /** Lands the oldest write in flight; false when none is. */
    land(): boolean {
      const next = inFlight.shift();
      next?.();
      return next !== undefined;
    },
    before: store(slow),
    /** After the restart D1 answers at once. */
    after: store({ readMany: slow.readMany, write: async (w: DocumentWrite) => apply(w) }),
  };
}

/** Lets the awaits of a save that just got its answer run on. */
async function drain(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe("reconcileHeld", () => {
  it("leaves D1 with the newest value the held copy or D1 knew, whatever the order of sets, saves and snapshots", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Step>("set", "save", "land", "snapshot"), { maxLength: 30 }),
        fc.boolean(),
        async (steps, landAtRestart) => {
          const clock = { now: 1 };
          const db = d1(clock);
          const a = new AccountData("acc");
          a.loaded = true;
          a.owned = true;
          let value = 0;
          let held: HeldData | undefined;
          let saving: Promise<void> | undefined;
          for (const step of steps) {
            clock.now++;
            if (step === "set") a.set(KEY, ++value);
            else if (step === "save" && !saving)
              saving = saveAccount(db.before, a)
                .catch(() => {})
                .finally(() => {
                  saving = undefined;
                });
            else if (step === "land") db.land();
            else if (step === "snapshot") held = heldOf([a], "r", clock.now)[0];
            await drain();
          }
          // The object resets: what was in flight lands first, or never.
          if (landAtRestart) while (db.land()) await drain();
          if (!held) return;
          const heldValue = (held.docs.find(([k]) => k === KEY)?.[1].value as number) ?? 0;
          const d1Value = (db.doc()?.value as number | undefined) ?? 0;
          const d1Version = db.doc()?.version ?? 0;

          clock.now++;
          const restarted = accountOfHeld(held);
          restarted.owned = true;
          await reconcileHeld(db.after, restarted, held.heldAt);
          await saveAccount(db.after, restarted);

          const newest = Math.max(heldValue, d1Value);
          expect((db.doc()?.value as number | undefined) ?? 0).toBe(newest);
          expect(db.doc()?.version ?? 0).toBeGreaterThanOrEqual(d1Version);
          // What the restarted room holds is what D1 holds: its next save starts from it.
          expect(restarted.get(KEY) ?? 0).toBe(newest);
        },
      ),
      { numRuns: 300 },
    );
  });
});
