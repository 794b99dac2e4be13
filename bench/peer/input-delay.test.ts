// Input-to-screen delay bookkeeping: presses pair with the room's rising edges in order, and
// an observer shows a press once it renders at T or later with tick T's data in hand.
import { describe, expect, it } from "vitest";
import { InputDelay } from "./input-delay.js";

describe("InputDelay", () => {
  it("measures from the press to each other player's first frame showing tick T", () => {
    const d = new InputDelay([1, 2, 3]);
    d.pressed(1, 100);
    d.applied(1, 9, false, 120);
    d.applied(1, 10, true, 150); // T = 10, 50 ms after the press
    d.applied(1, 11, true, 183); // held: no new edge
    // Player 2 renders past T before tick 10's snapshot arrived: extrapolating, not shown.
    d.rendered(2, 10.2, 9, 230);
    d.rendered(2, 10.5, 10, 247); // shown: 247 − 100
    d.rendered(3, 9.9, 12, 247); // not yet at T
    d.rendered(3, 10, 12, 263); // shown: 263 − 100
    d.rendered(1, 20, 20, 300); // the presser is not an observer
    expect(d.samples).toEqual([147, 163]);
    expect(d.toRoom).toEqual([50]);
    expect(d.pending).toBe(0);
  });

  it("pairs presses with rising edges in order, one to one", () => {
    const d = new InputDelay([1, 2]);
    d.pressed(1, 0);
    d.pressed(1, 500);
    d.applied(1, 3, true, 100);
    d.applied(1, 4, false, 133);
    d.applied(1, 20, true, 666);
    expect(d.toRoom).toEqual([100, 166]);
    expect(d.pending).toBe(2); // travelling to player 2's screen
  });

  it("refuses a rising edge nobody pressed, and one before its press", () => {
    const d = new InputDelay([1, 2]);
    expect(() => d.applied(1, 3, true, 100)).toThrow(/nobody pressed/);
    const e = new InputDelay([1, 2]);
    e.pressed(1, 200);
    expect(() => e.applied(1, 3, true, 100)).toThrow(/nobody pressed/);
  });
});
