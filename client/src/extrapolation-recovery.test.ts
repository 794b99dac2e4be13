// The return from extrapolation after a stalled stream: a walker's snapshots stop coming for
// a while (a loaded machine, a retransmission) and then arrive all at once. Its drawn
// position extrapolates, holds, and fades back to the interpolated one; however long the
// stall, no frame moves it more than (1 + RECOVERY_RUSH) times its walk over the frame.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Avatar, worldGame } from "../../games/world/index.js";
import { World } from "../../shared/world/world.js";
import { ExtrapolationRecovery, MAX_RECOVERY_MS, RECOVERY_RUSH } from "./extrapolation-recovery.js";
import { LaneLayout } from "./lane-layout.js";
import { SnapshotBuffer } from "./snapshot-buffer.js";

const TICK_MS = 50;
/** Snapshots arrive 100 ms after their tick; render time runs 100 ms behind that. */
const BEHIND_TICKS = 4;

describe("the return from extrapolation", () => {
  it("makes up what a stall left behind at no more than RECOVERY_RUSH times the walk on top of it", () => {
    const run = fc.record({
      speed: fc.integer({ min: 10, max: 300 }), // units a second
      stallAt: fc.integer({ min: 500, max: 1500 }),
      // Up to what MAX_RECOVERY_MS makes up at the rush (the hold is the stall less 100 ms
      // of extrapolation).
      stallMs: fc.integer({ min: 0, max: MAX_RECOVERY_MS + 100 }),
      frameMs: fc.constantFrom(7, 16, 33, 50),
    });
    fc.assert(
      fc.property(run, ({ speed, stallAt, stallMs, frameMs }) => {
        const layout = new LaneLayout(worldGame.schema, worldGame.netcode);
        const world = new World();
        const e = world.spawn();
        world.add(e, Avatar, { tag: 1, pos: { x: 0, y: 0 }, vel: { x: speed, y: 0 } });
        const stores = layout.stores(world);
        const buffer = new SnapshotBuffer(layout, world.capacity, 32);
        const recovery = new ExtrapolationRecovery(layout, buffer, world.capacity, 100);
        const lane = new Float64Array(layout.width);
        const out = new Float64Array(layout.width);
        const pos = world.store(Avatar).pos;
        // Where tick k's snapshot is; when it arrives (held back during the stall).
        const arrives = (k: number) => {
          const at = k * TICK_MS + 100;
          return at >= stallAt && at < stallAt + stallMs ? stallAt + stallMs : at;
        };
        let next = 0;
        let drawn = Number.NaN;
        let worst = 0;
        const fields = worldGame.schema.components[0]!.fields;
        const x = layout.fields.find((f) => fields[f.field]!.name === "pos")!;
        for (let now = 0; now < 4000; now += frameMs) {
          for (; arrives(next) <= now; next++) {
            pos.x[e] = (speed * next * TICK_MS) / 1000;
            layout.read(stores, e, lane, 0);
            buffer.push(e, next, lane, 0);
          }
          if (next === 0) continue;
          const kind = buffer.sample(e, now / TICK_MS - BEHIND_TICKS, 2, out, 0);
          recovery.apply(e, kind, out, now, TICK_MS);
          const at = out[x.at]!;
          if (!Number.isNaN(drawn))
            worst = Math.max(worst, (at - drawn) / ((speed * frameMs) / 1000));
          drawn = at;
        }
        expect(worst).toBeLessThanOrEqual(1 + RECOVERY_RUSH + 1e-6);
      }),
      { numRuns: 200 },
    );
  });
});
