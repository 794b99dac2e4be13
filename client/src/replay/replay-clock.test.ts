import { describe, expect, it } from "vitest";
import { ReplayClock } from "./replay-clock.js";

describe("ReplayClock", () => {
  it("counts from the first frame after play, by the real time between frames × speed", () => {
    const c = new ReplayClock(10_000);
    c.advance(100); // paused: nothing moves
    c.play();
    expect(c.advance(1_000)).toBe(0); // the first frame only starts counting
    expect(c.advance(1_500)).toBe(500);
    c.speed = 4;
    expect(c.advance(1_750)).toBe(1_500);
    c.pause();
    expect(c.advance(9_000)).toBe(1_500);
  });

  it("stops at the end and at 0, and ignores a clock that goes back", () => {
    const c = new ReplayClock(1_000);
    c.play();
    c.advance(0);
    expect(c.advance(5_000)).toBe(1_000);
    expect(c.seek(-5)).toBe(0);
    expect(c.seek(2_000)).toBe(1_000);
    c.seek(300);
    expect(c.advance(4_000)).toBe(300);
  });

  it("holds the position where the loaded data ends, and waits without moving", () => {
    const c = new ReplayClock(10_000);
    c.play();
    c.advance(0);
    c.advance(800);
    c.holdAt(500);
    expect(c.time).toBe(500);
    c.holdAt(900); // never forward
    expect(c.time).toBe(500);
    c.wait(5_000);
    expect(c.advance(5_100)).toBe(600);
  });

  it("takes speeds from 0.25 to 8 and refuses others", () => {
    const c = new ReplayClock(1);
    c.speed = 0.25;
    c.speed = 8;
    expect(() => {
      c.speed = 0.24;
    }).toThrow("replay speed must be in [0.25, 8], got 0.24");
    expect(() => {
      c.speed = 8.01;
    }).toThrow(RangeError);
    expect(c.speed).toBe(8);
  });
});
