import { describe, expect, it } from "vitest";
import { DEFAULT_VOICE_OPTIONS, resolveVoiceOptions } from "./voice-options.js";

const spatial = { radius: 300, viewpoint: () => true };

describe("resolveVoiceOptions", () => {
  it("gives a game that declares `voice: {}` one global channel and the default budgets", () => {
    expect(resolveVoiceOptions({})).toEqual({
      channels: [
        {
          name: "all",
          kind: "global",
          radius: Number.POSITIVE_INFINITY,
          spatial: false,
          position: undefined,
          team: undefined,
        },
      ],
      roomBytesPerSecond: 256_000,
      framesPerSecond: 60,
      frameBurst: 50,
      listenerBacklogBytes: 16_384,
      blocked: undefined,
    });
    expect(DEFAULT_VOICE_OPTIONS.framesPerSecond).toBe(60);
  });

  it("takes a proximity channel's radius and positions from the spatial interest unless it has its own", () => {
    const [near, far] = resolveVoiceOptions(
      {
        channels: [
          { name: "near", kind: "proximity" },
          { name: "far", kind: "proximity", radius: 900, spatial: false },
        ],
      },
      spatial,
    ).channels;
    expect(near).toMatchObject({ radius: 300, spatial: true, position: spatial.viewpoint });
    expect(far).toMatchObject({ radius: 900, spatial: false, position: spatial.viewpoint });
  });

  it("refuses what cannot route, naming the field", () => {
    const refusal = (o: Parameters<typeof resolveVoiceOptions>[0], s?: typeof spatial) => {
      try {
        resolveVoiceOptions(o, s);
        return "accepted";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(refusal({ channels: [] })).toBe("voice.channels must list 1–16 channels, got 0");
    const seventeen = Array.from({ length: 17 }, (_, i) => ({
      name: `c${i}`,
      kind: "global" as const,
    }));
    expect(refusal({ channels: seventeen })).toMatch(/got 17/);
    expect(refusal({ channels: seventeen.slice(0, 16) })).toBe("accepted");
    expect(refusal({ channels: [{ name: "near", kind: "proximity" }] })).toBe(
      "voice.channels[0].radius must be a finite number > 0 (or the game must declare spatialInterest)",
    );
    expect(refusal({ channels: [{ name: "near", kind: "proximity", radius: 10 }] })).toBe(
      "voice.channels[0].position is needed: the game declares no spatialInterest",
    );
    expect(
      refusal({ channels: [{ name: "near", kind: "proximity", radius: 0 }] }, spatial),
    ).toMatch(/radius must be a finite number > 0/);
    expect(refusal({ channels: [{ name: "t", kind: "team", radius: 5 }] })).toBe(
      "voice.channels[0].radius is for proximity channels",
    );
    expect(
      refusal({
        channels: [
          { name: "a", kind: "global" },
          { name: "a", kind: "team" },
        ],
      }),
    ).toBe('voice.channels[1].name "a" is used twice');
    expect(refusal({ channels: [{ name: "", kind: "global" }] })).toBe(
      "voice.channels[0].name must be 1–32 characters",
    );
    expect(refusal({ channels: [{ name: "x", kind: "shout" as "global" }] })).toBe(
      'voice.channels[0].kind must be "proximity", "team" or "global", got "shout"',
    );
    expect(refusal({ framesPerSecond: 0 })).toBe(
      "voice.framesPerSecond must be an integer in [1, 1000], got 0",
    );
    expect(refusal({ roomBytesPerSecond: 1023 })).toMatch(
      /roomBytesPerSecond must be an integer in \[1024/,
    );
    expect(refusal({ roomBytesPerSecond: 1024 })).toBe("accepted");
    expect(refusal({ listenerBacklogBytes: -1 })).toMatch(/listenerBacklogBytes/);
  });
});
