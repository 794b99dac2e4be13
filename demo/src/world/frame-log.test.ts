import { describe, expect, it } from "vitest";
import { FrameLog } from "./frame-log.js";
import type { SeenAvatar } from "./seen-avatars.js";

const mine = (x: number): SeenAvatar => ({ tag: 1, x, y: 5, me: true, ghost: false, zone: "0.0" });
const other: SeenAvatar = { tag: 2, x: 420, y: 5, me: false, ghost: true, zone: "1.0" };

describe("FrameLog", () => {
  it("counts nothing until a frame draws the player's avatar (the link is connecting)", () => {
    const log = new FrameLog();
    log.record(0, undefined, undefined, []);
    log.record(16, "0.0", undefined, [other]);
    expect(log.counts).toEqual({ frames: 0, missing: 0, doubled: 0 });
    expect(log.frames).toEqual([]);
  });

  it("counts the frames that draw the avatar zero or two times once it has shown", () => {
    const log = new FrameLog();
    log.record(0, "0.0", undefined, [mine(10), other]);
    log.record(16, "0.0", "1.0", [other]);
    log.record(33, "1.0", undefined, [mine(12), mine(11)]);
    log.record(50, "1.0", undefined, [mine(13)]);
    expect(log.counts).toEqual({ frames: 4, missing: 1, doubled: 1 });
    expect(log.frames.map((f) => [f.zone, f.next, f.copies, f.x])).toEqual([
      ["0.0", undefined, 1, 10],
      ["0.0", "1.0", 0, Number.NaN],
      ["1.0", undefined, 2, 12],
      ["1.0", undefined, 1, 13],
    ]);
  });

  it("keeps the last 1,200 frames and counts them all", () => {
    const log = new FrameLog();
    for (let i = 0; i < 1300; i++) log.record(i, "0.0", undefined, [mine(i)]);
    expect(log.frames).toHaveLength(1200);
    expect(log.frames[0]!.x).toBe(100);
    expect(log.counts.frames).toBe(1300);
  });
});
