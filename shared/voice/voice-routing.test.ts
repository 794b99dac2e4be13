import { describe, expect, it } from "vitest";
import type { Viewpoint } from "../room/room-interest.js";
import { World } from "../world/world.js";
import { resolveVoiceOptions } from "./voice-options.js";
import { type VoiceRoster, VoiceRouter } from "./voice-routing.js";

// A world the rule only passes through: positions and teams come from the tables below, as a
// game's own `position` and `team` functions would read them from its components.
const world = new World({ capacity: 8 });
const at = new Map<number, { x: number; y: number }>([
  [1, { x: 0, y: 0 }],
  [2, { x: 3, y: 4 }], // 5 from player 1
  [3, { x: 6, y: 0 }], // 6 from player 1
]);
const teams = new Map<number, number>([
  [1, 7],
  [2, 7],
  [3, 8],
]);

const options = resolveVoiceOptions({
  channels: [
    {
      name: "near",
      kind: "proximity",
      radius: 5,
      position: (_w, id, out: Viewpoint) => {
        const p = at.get(id);
        if (!p) return false;
        out.x = p.x;
        out.y = p.y;
        return true;
      },
    },
    { name: "squad", kind: "team", team: (_w, id) => teams.get(id) },
    { name: "seated", kind: "team" },
    { name: "all", kind: "global" },
  ],
});
const [near, squad, seated, all] = options.channels;

function router(roster: Partial<VoiceRoster> = {}): VoiceRouter {
  return new VoiceRouter(world, {
    muted: () => false,
    blocked: () => false,
    seatTeam: () => undefined,
    ...roster,
  });
}

const audience = (r: VoiceRouter, speaker: number, channel = all!) =>
  r.begin(speaker, channel) ? [1, 2, 3, 4].filter((id) => r.hears(id)) : [];

describe("VoiceRouter", () => {
  it("hears a proximity speaker within the radius (the circle included) from the channel's own positions", () => {
    const r = router();
    expect(audience(r, 1, near)).toEqual([2]);
    expect(audience(r, 3, near)).toEqual([2]); // 3 to 2: √(9 + 16) = 5
    // Player 4 has no position: it neither speaks nor hears on the channel.
    expect(audience(r, 4, near)).toEqual([]);
  });

  it("takes teams from the channel's function, or from the seats without one", () => {
    expect(audience(router(), 1, squad)).toEqual([2]);
    expect(audience(router(), 1, seated)).toEqual([]);
    const seats = new Map([
      [1, 0],
      [3, 0],
    ]);
    expect(audience(router({ seatTeam: (id) => seats.get(id) }), 1, seated)).toEqual([3]);
  });

  it("lets nobody hear a muted speaker, and no blocker hear the one it blocked", () => {
    expect(audience(router({ muted: (id) => id === 1 }), 1)).toEqual([]);
    expect(audience(router({ muted: (id) => id === 1 }), 2)).toEqual([1, 3, 4]);
    const blocks = router({ blocked: (listener, speaker) => listener === 3 && speaker === 1 });
    expect(audience(blocks, 1)).toEqual([2, 4]);
    expect(audience(blocks, 2)).toEqual([1, 3, 4]);
  });

  it("hears nothing after a `begin` that failed, even on a global channel", () => {
    const r = router({ muted: (id) => id === 1 });
    expect(r.begin(2, all!)).toBe(true);
    expect(r.begin(1, all!)).toBe(false);
    expect([2, 3].map((id) => r.hears(id))).toEqual([false, false]);
  });
});
