import { describe, expect, it } from "vitest";
import {
  angle,
  boundedString,
  defineComponent,
  defineNetworkSchema,
  quantizedFloat,
  uint8,
  vec2,
  vec3,
} from "./index.js";

const vel = () => vec2({ min: -10, max: 10, step: 0.01 });

describe("defineComponent", () => {
  it("lays fields out flat in declaration order", () => {
    const C = defineComponent("C", {
      vel: vel(),
      pos: vec2({ min: 0, max: 100, step: 0.1, predict: { rate: "vel" } }),
      name: boundedString({ maxBytes: 4 }),
      hp: uint8(),
    });
    expect(C.fields.map((f) => [f.name, f.codeAt, f.stringAt, f.predictedAt, f.rateField])).toEqual(
      [
        ["vel", 0, -1, -1, -1],
        ["pos", 2, -1, 0, 0],
        ["name", -1, 0, -1, -1],
        ["hp", 4, -1, -1, -1],
      ],
    );
    expect([C.codeStride, C.stringCount, C.predictedCount, C.rateStride]).toEqual([5, 1, 1, 2]);
    expect(C.fields[1]!.predictTolerance).toBe(0.1);
    expect(C.fields[1]!.ageBits).toBe(6);
    expect(C.sync).toEqual({
      mode: "replicated",
      frequency: "tick",
      interval: 1,
      priority: 1,
      changeFields: [],
    });
    expect(C.fields.map((f) => f.onChange)).toEqual([false, false, false, false]);
  });

  it("refuses a prediction whose rate is missing, later, or of another width", () => {
    expect(() =>
      defineComponent("A", { pos: vec2({ min: 0, max: 1, step: 0.1, predict: { rate: "v" } }) }),
    ).toThrow(/A\.pos\.predict\.rate/);
    expect(() =>
      defineComponent("B", {
        pos: vec2({ min: 0, max: 1, step: 0.1, predict: { rate: "vel" } }),
        vel: vel(),
      }),
    ).toThrow(/B\.pos\.predict\.rate/);
    expect(() =>
      defineComponent("C", {
        vel: vec3({ min: -1, max: 1, step: 0.1 }),
        pos: vec2({ min: 0, max: 1, step: 0.1, predict: { rate: "vel" } }),
      }),
    ).toThrow(/C\.pos\.predict\.rate/);
  });

  it("refuses a tolerance below half a step and prediction on change-driven components", () => {
    expect(() =>
      defineComponent("D", {
        v: quantizedFloat({ min: -1, max: 1, step: 0.1 }),
        p: quantizedFloat({ min: 0, max: 1, step: 0.1, predict: { rate: "v", tolerance: 0.01 } }),
      }),
    ).toThrow(/D\.p\.predict\.tolerance/);
    expect(() =>
      defineComponent(
        "E",
        {
          v: quantizedFloat({ min: -1, max: 1, step: 0.1 }),
          p: quantizedFloat({ min: 0, max: 1, step: 0.1, predict: { rate: "v" } }),
        },
        { sync: { frequency: "change" } },
      ),
    ).toThrow(/E\.p: prediction needs/);
  });

  it("marks the change fields, and refuses those that could miss a change", () => {
    const heading = () => angle({ bits: 8, heading: "vel" });
    const C = defineComponent(
      "C",
      { vel: vel(), facing: heading(), hp: uint8() },
      { sync: { changeFields: ["vel", "facing"] } },
    );
    expect(C.fields.map((f) => f.onChange)).toEqual([true, true, false]);
    expect(() => defineComponent("F", { hp: uint8() }, { sync: { changeFields: ["mp"] } })).toThrow(
      /F\.sync\.changeFields names no field "mp"/,
    );
    expect(() =>
      defineComponent(
        "G",
        { hp: uint8() },
        { sync: { frequency: { everyTicks: 2 }, changeFields: ["hp"] } },
      ),
    ).toThrow(/G\.sync\.changeFields needs frequency "tick"/);
    expect(() =>
      defineComponent(
        "H",
        { vel: vel(), pos: vec2({ min: 0, max: 1, step: 0.1, predict: { rate: "vel" } }) },
        { sync: { changeFields: ["vel", "pos"] } },
      ),
    ).toThrow(/H\.pos: a predicted field is compared every tick/);
    expect(() =>
      defineComponent(
        "I",
        { vel: vel(), facing: heading() },
        { sync: { changeFields: ["facing"] } },
      ),
    ).toThrow(/I\.facing: a heading angle in changeFields needs its vector/);
  });

  it("resolves and validates the network sync", () => {
    const C = defineComponent(
      "C",
      { hp: uint8() },
      { sync: { frequency: { everyTicks: 4 }, priority: 3 } },
    );
    expect(C.sync.interval).toBe(4);
    expect(C.sync.priority).toBe(3);
    expect(() =>
      defineComponent("X", { hp: uint8() }, { sync: { frequency: { everyTicks: 0 } } }),
    ).toThrow(/X\.sync\.frequency/);
    expect(() => defineComponent("Y", { hp: uint8() }, { sync: { priority: 0 } })).toThrow(
      /Y\.sync\.priority/,
    );
  });
});

describe("defineNetworkSchema", () => {
  it("orders components, sizes ids and fingerprints declarations", () => {
    const A = defineComponent("A", { hp: uint8() });
    const B = defineComponent("B", { hp: uint8() });
    const s1 = defineNetworkSchema([A, B], { maxEntities: 1000 });
    expect([s1.indexOf(A), s1.indexOf(B), s1.idBits]).toEqual([0, 1, 10]);
    const A2 = defineComponent("A", { hp: uint8() });
    expect(defineNetworkSchema([A2, B], { maxEntities: 1000 }).fingerprint).toBe(s1.fingerprint);
    const A3 = defineComponent("A", { hp: vel() });
    expect(defineNetworkSchema([A3, B], { maxEntities: 1000 }).fingerprint).not.toBe(
      s1.fingerprint,
    );
  });

  it("refuses server-only and duplicate components", () => {
    const S = defineComponent("S", { hp: uint8() }, { sync: { mode: "server-only" } });
    const A = defineComponent("A", { hp: uint8() });
    expect(() => defineNetworkSchema([S])).toThrow(/S is server-only/);
    expect(() => defineNetworkSchema([A, A])).toThrow(/listed twice/);
    expect(() => defineNetworkSchema([A], { tickSeconds: 0 })).toThrow(/tickSeconds/);
  });
});
