// The hand-over of the drawn view on its own, with two stand-in links whose views the test
// writes frame by frame: the old view's avatar walks, then stops where its data stopped (the
// switch), while the new view's avatar walks on some distance ahead of it. However far
// ahead (bench:zones met 260 units: the old zone's stream late on a loaded machine), the
// drawn avatar walks the difference up — never back, never faster than RUSH times the walk
// — and ends level with the new view.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Avatar, worldGame } from "../../../games/world/index.js";
import { World } from "../../../shared/world/world.js";
import { LaneLayout } from "../lane-layout.js";
import { RenderView } from "../render-view.js";
import { SAMPLE } from "../snapshot-buffer.js";
import { CATCH_UP, HandoverView, RUSH, type ShownLink } from "./handover-view.js";

/** A link whose view holds one avatar, placed by the test. */
function standIn() {
  const world = new World();
  const e = world.spawn();
  world.add(e, Avatar, { tag: 7, pos: { x: 0, y: 0 } });
  const view = new RenderView(worldGame.schema, world);
  const link: ShownLink = {
    net: { world, view, renderStateOf: () => ({ kind: SAMPLE.INTERPOLATED }) },
  };
  const pos = view.store(Avatar).pos;
  return {
    link,
    put: (x: number) => {
      pos.x[e] = x;
      pos.y[e] = 100;
    },
    x: () => pos.x[e]!,
  };
}

const RECOVERY_MS = 100;

describe("the drawn avatar after a hand-over to a view far ahead", () => {
  it("walks the difference up at no more than RUSH times its speed, never back, and ends level", () => {
    const run = fc.record({
      speed: fc.integer({ min: 20, max: 300 }), // units a second
      frameMs: fc.constantFrom(7, 16, 33, 50, 100),
      gap: fc.integer({ min: 0, max: 400 }), // units the new view is ahead at the switch
    });
    fc.assert(
      fc.property(run, ({ speed, frameMs, gap }) => {
        const layout = new LaneLayout(worldGame.schema, worldGame.netcode);
        const old = standIn();
        const next = standIn();
        const h = new HandoverView(layout, RECOVERY_MS, () => 0);
        const v = speed / 1000;
        let now = 0;
        // The old view drawn as it is for a second: the walk's speed is learnt.
        for (; now < 1000; now += frameMs) {
          old.put(v * now);
          h.draw(old.link, now);
        }
        const stopped = v * (now - frameMs);
        h.switched(old.link, now);
        const switchAt = now;
        let drawn = stopped;
        // Level by then: closing at (RUSH − 1) × speed at least, a hand-over on the first frame.
        const end = switchAt + (gap / ((RUSH - 1) * v)) * 1.3 + 4 * RECOVERY_MS + 2 * frameMs;
        for (; now <= end; now += frameMs) {
          next.put(stopped + gap + v * (now - switchAt));
          h.draw(next.link, now);
          const shown = h.shown(next.link) === next.link ? next : old;
          const step = shown.x() - drawn;
          const most = Math.max(CATCH_UP, RUSH) * v * frameMs;
          expect(step).toBeGreaterThanOrEqual(-1e-9);
          expect(step).toBeLessThanOrEqual(most + 1e-9);
          drawn = shown.x();
        }
        expect(h.handingOver).toBe(false);
        expect(drawn).toBeCloseTo(stopped + gap + v * (now - frameMs - switchAt), 6);
      }),
      { numRuns: 200 },
    );
  });
});
