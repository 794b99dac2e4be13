import { describe, expect, it } from "vitest";
import { resolveSpatialOptions } from "./spatial-options.js";
import { isSpatial, resolveVoiceChatOptions } from "./voice-chat-options.js";

describe("voice chat options", () => {
  it("resolves the defaults: push-to-talk on the one global channel at 24 kbit/s", () => {
    const o = resolveVoiceChatOptions();
    expect(o).toMatchObject({ mode: "push-to-talk", channel: 0, bitrate: 24_000 });
    expect(o.channels).toEqual([{ kind: "global" }]);
    expect(o.spatial).toMatchObject({ panningModel: "HRTF", distanceModel: "linear" });
  });

  it("refuses options out of range, naming the field", () => {
    expect(() => resolveVoiceChatOptions({ channels: [] })).toThrow("channels");
    expect(() => resolveVoiceChatOptions({ channel: 1 })).toThrow("channel must be");
    // 128 kbit/s is 320 bytes a frame, under the protocol's 400; 129 kbit/s is refused.
    expect(resolveVoiceChatOptions({ bitrate: 128_000 }).bitrate).toBe(128_000);
    expect(() => resolveVoiceChatOptions({ bitrate: 129_000 })).toThrow("bitrate");
    expect(() => resolveSpatialOptions({ maxDistance: 10, refDistance: 50 })).toThrow(
      "maxDistance",
    );
    expect(() => resolveSpatialOptions({ rolloffFactor: 2 })).toThrow("rolloffFactor");
  });

  it("places proximity channels in space unless they say otherwise", () => {
    expect(isSpatial({ kind: "proximity" })).toBe(true);
    expect(isSpatial({ kind: "proximity", spatial: false })).toBe(false);
    expect(isSpatial({ kind: "team" })).toBe(false);
    expect(isSpatial({ kind: "global", spatial: true })).toBe(true);
  });
});
