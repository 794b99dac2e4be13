import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TalkGate, type TalkMode, type TalkStep } from "./talk-gate.js";
import { frameLevelDb, SILENCE_DB, VadGate } from "./vad-gate.js";

const LOUD = -20;
const QUIET = -70;

/** Steps of a fresh gate over `levels` in one mode. */
function run(mode: TalkMode, levels: number[], setup: (g: TalkGate) => void = () => {}) {
  const gate = new TalkGate(20, mode, { thresholdDb: -50, hangMs: 100 });
  setup(gate);
  return levels.map((l) => gate.frame(l));
}

describe("VadGate", () => {
  it("measures frames in dBFS: silence at the floor, a full-scale square at 0", () => {
    expect(frameLevelDb(new Float32Array(960))).toBe(SILENCE_DB);
    expect(frameLevelDb(new Float32Array(960).fill(1))).toBeCloseTo(0, 6);
    // A half-scale sine: RMS 0.5/√2 → −9.03 dBFS.
    const sine = Float32Array.from({ length: 960 }, (_, i) => 0.5 * Math.sin(i / 7));
    expect(frameLevelDb(sine)).toBeCloseTo(-9.03, 1);
  });

  it("stays open for the hang time after the last loud frame, then closes", () => {
    // 100 ms of hang at 20 ms frames: the loud frame and 5 more.
    const vad = new VadGate(20, { thresholdDb: -50, hangMs: 100 });
    const open = [LOUD, QUIET, QUIET, QUIET, QUIET, QUIET, QUIET, QUIET].map((l) => vad.update(l));
    expect(open).toEqual([true, true, true, true, true, true, false, false]);
  });

  it("refuses options out of range, naming them", () => {
    expect(() => new VadGate(20, { thresholdDb: 3 })).toThrow("vad.thresholdDb");
    expect(() => new VadGate(20, { hangMs: -1 })).toThrow("vad.hangMs");
  });
});

describe("TalkGate", () => {
  it("sends nothing in push-to-talk until the key is down, and ends the spurt on release", () => {
    const gate = new TalkGate(20, "push-to-talk");
    expect([gate.frame(LOUD), gate.frame(LOUD)]).toEqual(["idle", "idle"]);
    gate.setPushed(true);
    expect([gate.frame(QUIET), gate.frame(LOUD)]).toEqual(["start", "talk"]);
    gate.setPushed(false);
    expect([gate.frame(LOUD), gate.frame(LOUD)]).toEqual(["end", "idle"]);
  });

  it("sends nothing in voice activation during silence", () => {
    expect(run("voice-activation", Array(50).fill(QUIET))).toEqual(Array(50).fill("idle"));
  });

  it("switches mode at run time, and a mute or a server mute ends a spurt at once", () => {
    const gate = new TalkGate(20, "push-to-talk", { hangMs: 0 });
    gate.setPushed(true);
    expect(gate.frame(QUIET)).toBe("start");
    gate.setMode("voice-activation");
    expect([gate.frame(QUIET), gate.frame(LOUD)]).toEqual(["end", "start"]);
    gate.setServerMuted(true);
    expect([gate.frame(LOUD), gate.frame(LOUD)]).toEqual(["end", "idle"]);
    gate.setServerMuted(false);
    gate.setMuted(true);
    expect(gate.frame(LOUD)).toBe("idle");
  });

  it("frames steps as spurts: start, talk…, end; none while muted or the push-to-talk key is up", () => {
    const event = fc.oneof(
      fc.record({ level: fc.constantFrom(LOUD, QUIET, SILENCE_DB) }),
      fc.record({ pushed: fc.boolean() }),
      fc.record({ muted: fc.boolean() }),
      fc.record({ serverMuted: fc.boolean() }),
      fc.record({ mode: fc.constantFrom<TalkMode>("push-to-talk", "voice-activation") }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), (events) => {
        const gate = new TalkGate(20, "voice-activation", { hangMs: 60 });
        let prev: TalkStep = "idle";
        let pushed = false;
        for (const e of events) {
          if ("pushed" in e) {
            gate.setPushed(e.pushed);
            pushed = e.pushed;
          } else if ("muted" in e) gate.setMuted(e.muted);
          else if ("serverMuted" in e) gate.setServerMuted(e.serverMuted);
          else if ("mode" in e) gate.setMode(e.mode);
          else {
            const step = gate.frame(e.level);
            const inSpurt = prev === "start" || prev === "talk";
            // start only outside a spurt, talk and end only inside one.
            if (step === "start" || step === "idle") expect(inSpurt).toBe(false);
            else expect(inSpurt).toBe(true);
            const sent = step === "start" || step === "talk";
            if (gate.muted || gate.serverMuted) expect(sent).toBe(false);
            if (gate.mode === "push-to-talk" && !pushed) expect(sent).toBe(false);
            prev = step;
          }
        }
      }),
    );
  });
});
