import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ARENA_VOICE_CHANNEL, arenaGame, arenaVoice, Ship } from "../../../../games/arena/index.js";
import { ByteWriter } from "../../../../shared/codec/byte-writer.js";
import { encodeMeshVoice } from "../../../../shared/peer/mesh-messages.js";
import { MAX_VOICE_PAYLOAD_BYTES } from "../../../../shared/protocol/limits.js";
import type {
  RelayedVoiceMessage,
  VoiceStateMessage,
} from "../../../../shared/protocol/voice-messages.js";
import type { Viewpoint } from "../../../../shared/room/room-interest.js";
import type { VoiceOptions } from "../../../../shared/voice/voice-options.js";
import type { World } from "../../../../shared/world/world.js";
import { MeshHarness } from "../../../../test/support/mesh-harness.js";
import { createMeshVoice, type MeshVoiceLink } from "./mesh-voice.js";

/** Links that delay but never lose, duplicate or reorder a frame. */
const QUIET = { reliable: { latencyMs: 20, jitterMs: 10 }, unreliable: { latencyMs: 15 } };

/** Where a peer's ship is, found in that peer's own world by its owner field. */
function shipOf(world: World, peerId: number, out: Viewpoint): boolean {
  const s = world.store(Ship);
  let found = false;
  world.alive.forEach((e) => {
    if (found || !world.has(e, Ship) || s.owner[e] !== peerId) return;
    out.x = s.pos.x[e]!;
    out.y = s.pos.y[e]!;
    found = true;
  });
  return found;
}

/** Peers 1 and 3 play on team 1, 2 and 4 on team 2 (the lobby told every peer alike). */
const teamOf = (peerId: number) => (peerId % 2 === 1 ? 1 : 2);

interface Peer {
  readonly link: MeshVoiceLink;
  readonly heard: RelayedVoiceMessage[];
  readonly states: VoiceStateMessage[];
}

/**
 * A mesh of `at.length` peers, peer i+1's ship parked at `at[i]`, with voice on every peer;
 * stepped until every mirror holds every ship where it is.
 */
function voiceMesh(at: readonly { x: number; y: number }[], voice: VoiceOptions = arenaVoice) {
  const h = new MeshHarness({ peers: at.length, game: arenaGame, link: QUIET });
  const peers = new Map<number, Peer>();
  for (const [id, mesh] of h.meshes) {
    const e = mesh.local.spawn();
    mesh.local.add(e, Ship, { owner: id, pos: at[id - 1]! });
    const link = createMeshVoice(mesh, {
      voice,
      position: shipOf,
      team: teamOf,
      clock: () => h.now,
    });
    const peer: Peer = { link, heard: [], states: [] };
    link.on("voice", (m) => peer.heard.push({ ...m, payload: m.payload.slice() }));
    link.on("voice-state", (m) => peer.states.push(m));
    peers.set(id, peer);
  }
  h.step(10);
  const peer = (id: number) => peers.get(id)!;
  /** Peer `id` talks `n` frames on `channel`, then the links deliver them. */
  const talk = (id: number, channel: number, n = 1) => {
    for (let seq = 0; seq < n; seq++)
      peer(id).link.sendVoice({ seq, channel, end: false, payload: new Uint8Array([0xf8, seq]) });
    h.step(1);
  };
  /** The peers that heard `speaker`, by id. */
  const heardBy = (speaker: number) =>
    [...peers].filter(([, p]) => p.heard.some((m) => m.speaker === speaker)).map(([id]) => id);
  return { h, peer, talk, heardBy };
}

/** Peer 1 at (100, 100); peer 2 exactly 500 away (300, 400); peer 3 501 away; peer 4 far. */
const SPOTS = [
  { x: 100, y: 100 },
  { x: 400, y: 500 },
  { x: 601, y: 100 },
  { x: 1500, y: 800 },
];

describe("voice in a mesh, by the room's rule", () => {
  it("sends a frame only to the peers within the hearing radius, the circle included", () => {
    const { peer, talk, heardBy } = voiceMesh(SPOTS);
    talk(1, ARENA_VOICE_CHANNEL.NEAR, 3);
    expect(heardBy(1)).toEqual([2]);
    expect(peer(2).heard.map((m) => [m.speaker, m.seq, m.channel, [...m.payload]])).toEqual([
      [1, 0, 0, [0xf8, 0]],
      [1, 1, 0, [0xf8, 1]],
      [1, 2, 0, [0xf8, 2]],
    ]);
    // Not dropped on arrival: never sent. 3 frames × 1 copy × 6 bytes (4 header + 2 Opus).
    expect(peer(3).link.stats.framesIn).toBe(0);
    expect(peer(4).link.stats.framesIn).toBe(0);
    expect(peer(1).link.stats).toMatchObject({ framesSent: 3, copiesSent: 3, bytesSent: 18 });
  });

  it("reads positions when a frame is sent, so a ship that flies in hears the next one", () => {
    const { h, talk, heardBy } = voiceMesh(SPOTS);
    talk(1, ARENA_VOICE_CHANNEL.NEAR);
    expect(heardBy(1)).toEqual([2]);
    // Peer 3 moves 1 unit closer: 500 from peer 1 once its update reached everyone.
    const m3 = h.mesh(3);
    m3.local.store(Ship).pos.x[0] = 600; // its one ship, the first entity of its world
    m3.local.markChanged(0, Ship);
    h.step(3);
    talk(1, ARENA_VOICE_CHANNEL.NEAR);
    expect(heardBy(1)).toEqual([2, 3]);
  });

  it("carries a team channel to the speaker's team and a global one to every other peer", () => {
    const { talk, heardBy } = voiceMesh(SPOTS);
    talk(1, ARENA_VOICE_CHANNEL.TEAM);
    expect(heardBy(1)).toEqual([3]);
    talk(2, ARENA_VOICE_CHANNEL.ALL);
    expect(heardBy(2)).toEqual([1, 3, 4]);
  });

  it("has a speaker every peer muted heard by nobody: it sends nothing, and what it sends anyway is dropped", () => {
    const { h, peer, talk, heardBy } = voiceMesh(SPOTS);
    for (const id of [1, 2, 3, 4]) peer(id).link.setMuted(1, true);
    expect(peer(1).states).toEqual([{ type: "voice-state", playerId: 1, muted: true }]);
    expect(
      peer(1).link.sendVoice({ seq: 0, channel: 2, end: false, payload: new Uint8Array([1]) }),
    ).toBe(false);
    talk(1, ARENA_VOICE_CHANNEL.ALL, 2);
    expect(peer(2).link.stats.framesIn).toBe(0);
    // A modified client ignores its mute and sends to everyone: every honest peer drops it.
    hostileSend(h.mesh(1), [2, 3, 4], ARENA_VOICE_CHANNEL.ALL, 5);
    h.step(1);
    expect(heardBy(1)).toEqual([]);
    for (const id of [2, 3, 4]) expect(peer(id).link.stats.droppedMuted).toBe(5);
    // Unmuted, it is heard again.
    for (const id of [1, 2, 3, 4]) peer(id).link.setMuted(1, false);
    talk(1, ARENA_VOICE_CHANNEL.ALL);
    expect(heardBy(1)).toEqual([2, 3, 4]);
  });

  it("keeps a blocked speaker from its blocker only, the game's blocks unsent and this peer's own dropped", () => {
    // The game's block list: peer 3 blocked peer 1 (a rule every peer reads alike).
    const voice: VoiceOptions = {
      ...arenaVoice,
      blocked: (_w, listener, speaker) => listener === 3 && speaker === 1,
    };
    const { peer, talk, heardBy } = voiceMesh(SPOTS, voice);
    peer(4).link.setBlocked(1, true); // peer 4's own: peer 1 does not know it
    talk(1, ARENA_VOICE_CHANNEL.ALL);
    expect(heardBy(1)).toEqual([2]);
    expect(peer(3).link.stats.framesIn).toBe(0);
    expect(peer(4).link.stats).toMatchObject({ framesIn: 1, droppedRule: 1 });
    // One way: peer 1 still hears its blockers.
    talk(3, ARENA_VOICE_CHANNEL.ALL);
    talk(4, ARENA_VOICE_CHANNEL.ALL);
    expect(peer(1).heard.map((m) => m.speaker)).toEqual([3, 4]);
  });
});

/** A peer that skips the rule: `n` frames on `channel` straight to each of `to`. */
function hostileSend(
  mesh: ReturnType<MeshHarness["mesh"]>,
  to: readonly number[],
  channel: number,
  n: number,
  payloadBytes = 2,
): void {
  const w = new ByteWriter(512);
  for (let seq = 0; seq < n; seq++) {
    encodeMeshVoice(w.reset(), { seq, channel, end: false, payload: new Uint8Array(payloadBytes) });
    for (const id of to) mesh.sendVoice(id, w.toBytes(), Number.POSITIVE_INFINITY);
  }
}

describe("a mesh listener facing a hostile speaker", () => {
  it("drops frames the rule keeps from it, whatever the speaker sent", () => {
    const { h, peer, heardBy } = voiceMesh(SPOTS);
    hostileSend(h.mesh(1), [2, 3, 4], ARENA_VOICE_CHANNEL.NEAR, 4); // 3 and 4 out of range
    hostileSend(h.mesh(1), [2, 4], ARENA_VOICE_CHANNEL.TEAM, 4); // 2 and 4 on the other team
    hostileSend(h.mesh(1), [2], 9, 4); // a channel the arena does not declare
    h.step(1);
    expect(peer(2).heard).toHaveLength(4); // the NEAR frames: 500 away
    expect(heardBy(1)).toEqual([2]);
    expect(peer(2).link.stats).toMatchObject({ framesIn: 12, droppedRule: 4, droppedChannel: 4 });
    expect(peer(3).link.stats).toMatchObject({ framesIn: 4, droppedRule: 4, framesHeard: 0 });
    expect(peer(4).link.stats).toMatchObject({ framesIn: 8, droppedRule: 8, framesHeard: 0 });
  });

  it("holds each speaker to the game's frame rate and its own byte budget", () => {
    const { h, peer } = voiceMesh(SPOTS);
    // 200 small frames at once: the burst (frameBurst = 50) passes, the rest is dropped.
    hostileSend(h.mesh(1), [2], ARENA_VOICE_CHANNEL.ALL, 200);
    h.step(1);
    expect(peer(2).link.stats).toMatchObject({ framesHeard: 50, droppedRate: 150 });
    // Another second: 60 frames' worth refilled (framesPerSecond), capped at the burst, 50.
    h.now += 1000;
    hostileSend(h.mesh(1), [2], ARENA_VOICE_CHANNEL.ALL, 60);
    h.step(1);
    expect(peer(2).link.stats).toMatchObject({ framesHeard: 100, droppedRate: 160 });
    // Peer 3 from peer 2, 400-byte packets: 16,200 B / 404 B = 40 frames fit, then no more.
    hostileSend(h.mesh(2), [3], ARENA_VOICE_CHANNEL.ALL, 45, MAX_VOICE_PAYLOAD_BYTES);
    h.step(1);
    expect(peer(3).link.stats).toMatchObject({ framesHeard: 40, droppedRate: 5 });
  });

  it("plays exactly what the rule allows, for any ships, channel and speaker, filtered or not", () => {
    const spot = fc.record({
      x: fc.integer({ min: 0, max: 1600 }),
      y: fc.integer({ min: 0, max: 900 }),
    });
    fc.assert(
      fc.property(
        fc.array(spot, { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(0, 1, 2),
        fc.boolean(),
        (at, speaker, channel, hostile) => {
          const { h, peer, talk, heardBy } = voiceMesh(at);
          const others = [1, 2, 3, 4].filter((id) => id !== speaker);
          if (hostile) {
            hostileSend(h.mesh(speaker), others, channel, 1);
            h.step(1);
          } else talk(speaker, channel);
          const s = at[speaker - 1]!;
          const expected = others.filter((id) => {
            const l = at[id - 1]!;
            if (channel === ARENA_VOICE_CHANNEL.NEAR)
              return (l.x - s.x) ** 2 + (l.y - s.y) ** 2 <= 500 ** 2;
            if (channel === ARENA_VOICE_CHANNEL.TEAM) return teamOf(id) === teamOf(speaker);
            return true;
          });
          expect(heardBy(speaker)).toEqual(expected);
          // An honest speaker sends only those copies.
          if (!hostile) expect(peer(speaker).link.stats.copiesSent).toBe(expected.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
