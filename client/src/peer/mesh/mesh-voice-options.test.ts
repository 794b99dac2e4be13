import { describe, expect, it } from "vitest";
import { arenaVoice } from "../../../../games/arena/index.js";
import { World } from "../../../../shared/world/world.js";
import { DEFAULT_MESH_VOICE_OPTIONS, resolveMeshVoiceOptions } from "./mesh-voice-options.js";

const worlds = new Map([
  [1, new World({ capacity: 4 })],
  [2, new World({ capacity: 4 })],
]);
const worldOf = (id: number) => worlds.get(id);
const at = new Map([
  [1, { x: 0, y: 0 }],
  [2, { x: 3, y: 4 }],
]);

describe("resolveMeshVoiceOptions", () => {
  it("asks each lookup in the world of the peer it is about", () => {
    const asked: [World, number][] = [];
    const o = resolveMeshVoiceOptions(
      {
        voice: arenaVoice,
        position(world, peerId, out) {
          asked.push([world, peerId]);
          const p = at.get(peerId);
          if (!p) return false;
          out.x = p.x;
          out.y = p.y;
          return true;
        },
      },
      worldOf,
    );
    const out = { x: 0, y: 0 };
    // Whatever world the router passes, peer 2's position is read in peer 2's world.
    expect(o.channels[0]!.position!(worlds.get(1)!, 2, out)).toBe(true);
    expect(out).toEqual({ x: 3, y: 4 });
    expect(asked).toEqual([[worlds.get(2), 2]]);
    // A peer not in the mesh has no world, hence no position.
    expect(o.channels[0]!.position!(worlds.get(1)!, 9, out)).toBe(false);
    expect(o).toMatchObject({ framesPerSecond: 60, frameBurst: 50, backlogBytes: 16_384 });
    expect(o.peerBytesPerSecond).toBe(DEFAULT_MESH_VOICE_OPTIONS.peerBytesPerSecond);
    expect(DEFAULT_MESH_VOICE_OPTIONS.peerBytesPerSecond).toBe(16_200);
  });

  it("refuses a proximity channel with no position or no radius, naming the field", () => {
    expect(() => resolveMeshVoiceOptions({ voice: arenaVoice }, worldOf)).toThrow(
      "meshVoice.position is needed: voice.channels[0] is a proximity channel without one",
    );
    const noRadius = { channels: [{ name: "near", kind: "proximity" as const }] };
    expect(() =>
      resolveMeshVoiceOptions({ voice: noRadius, position: () => false }, worldOf),
    ).toThrow("voice.channels[0].radius is needed in a mesh: it runs no spatial interest");
    // Without proximity channels nothing is needed.
    expect(() =>
      resolveMeshVoiceOptions({ voice: { channels: [{ name: "all", kind: "global" }] } }, worldOf),
    ).not.toThrow();
  });

  it("refuses a byte budget below 1024 and takes 1024", () => {
    const voice = { channels: [{ name: "all", kind: "global" as const }] };
    expect(() => resolveMeshVoiceOptions({ voice, peerBytesPerSecond: 1023 }, worldOf)).toThrow(
      "meshVoice.peerBytesPerSecond must be an integer >= 1024",
    );
    expect(
      resolveMeshVoiceOptions({ voice, peerBytesPerSecond: 1024 }, worldOf).peerBytesPerSecond,
    ).toBe(1024);
  });
});
