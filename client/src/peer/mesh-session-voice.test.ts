import { afterEach, describe, expect, it } from "vitest";
import { ARENA_VOICE_CHANNEL, arenaGame, listShips, Ship } from "../../../games/arena/index.js";
import type { RelayedVoiceMessage } from "../../../shared/protocol/voice-messages.js";
import type { Viewpoint } from "../../../shared/room/room-interest.js";
import type { World } from "../../../shared/world/world.js";
import { eventually } from "../../../test/support/eventually.js";
import { FakeSignalingHub } from "../../../test/support/peer/fake-signaling-hub.js";
import { NodeRTCPeerConnection } from "../../../test/support/peer/werift.js";
import { createMeshVoice, type MeshVoiceLink } from "./mesh/mesh-voice.js";
import { joinMesh, type MeshSession } from "./mesh-session.js";
import type { RtcOptions } from "./rtc-options.js";

// werift links open within a second idle, several on a busy machine: direct links get time.
const DIRECT: RtcOptions = { RTCPeerConnection: NodeRTCPeerConnection, connectTimeoutMs: 10_000 };
/**
 * Blocks every candidate: this peer's links all end up relayed by the signaling object. The
 * last peer to join offers all its links, so its own short timeout decides the fallback.
 */
const BLOCKED: RtcOptions = { ...DIRECT, connectTimeoutMs: 800, candidateFilter: () => false };
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

/** A peer's ship, found in that peer's own world. */
function shipOf(world: World, peerId: number, out: Viewpoint): boolean {
  const ship = listShips(world).find((s) => s.owner === peerId);
  if (!ship) return false;
  out.x = ship.x;
  out.y = ship.y;
  return true;
}

interface Peer {
  readonly session: MeshSession;
  readonly voice: MeshVoiceLink;
  readonly heard: RelayedVoiceMessage[];
}

/** Joins `hub`'s session as `name` with voice and one parked ship at `at`. */
async function join(hub: FakeSignalingHub, name: string, rtc: RtcOptions, at: Viewpoint) {
  const session = await joinMesh({
    game: arenaGame,
    signaling: { signalUrl: hub.signalUrl, ticket: hub.ticket(name), WebSocket: hub.WebSocket },
    link: { rtc },
  });
  const ship = session.mesh.local.spawn();
  session.mesh.local.add(ship, Ship, { owner: session.peerId, pos: at });
  const voice = createMeshVoice(session.mesh, { voice: arenaGame.voice!, position: shipOf });
  session.on("close", () => voice.close());
  const heard: RelayedVoiceMessage[] = [];
  voice.on("voice", (m) => heard.push({ ...m, payload: m.payload.slice() }));
  session.mesh.start();
  cleanup.push(() => session.leave());
  return { session, voice, heard } satisfies Peer;
}

/** `peer` talks `n` frames on `channel`, their one Opus byte its peer id. */
function talk(peer: Peer, channel: number, n: number): void {
  for (let seq = 0; seq < n; seq++)
    peer.voice.sendVoice({
      seq,
      channel,
      end: seq === n - 1,
      payload: Uint8Array.of(peer.voice.playerId),
    });
}

describe("voice in a mesh joined through signaling (werift)", { timeout: 40_000 }, () => {
  it("reaches the peers in range over direct and relayed links, and nobody else", async () => {
    const hub = new FakeSignalingHub({ kind: "p2p" });
    // ada and cyd 500 apart (the arena's radius, on the circle); bob across the arena.
    const ada = await join(hub, "ada", DIRECT, { x: 100, y: 100 });
    const bob = await join(hub, "bob", DIRECT, { x: 1500, y: 800 });
    const cyd = await join(hub, "cyd", BLOCKED, { x: 400, y: 500 });
    const peers = [ada, bob, cyd];
    await eventually(
      () =>
        peers.every((p) => {
          const others = p.session.mesh.peers();
          return (
            others.length === 2 &&
            others.every((m) => m.ready && listShips(p.session.mesh.remote(m.peerId)!).length === 1)
          );
        }),
      "every link opens and every peer mirrors every ship",
      20_000,
    );
    expect(ada.session.mesh.peers().map((m) => [m.peerId, m.path])).toEqual([
      [2, "direct"],
      [3, "relay"],
    ]);

    talk(ada, ARENA_VOICE_CHANNEL.NEAR, 5);
    await eventually(() => cyd.heard.length === 5, "cyd hears ada's spurt through the relay");
    expect(cyd.heard.map((m) => [m.speaker, m.seq, m.end])).toEqual([
      [1, 0, false],
      [1, 1, false],
      [1, 2, false],
      [1, 3, false],
      [1, 4, true],
    ]);
    // bob was never sent a copy: ada's 5 frames went to cyd alone.
    expect(ada.voice.stats).toMatchObject({ framesSent: 5, copiesSent: 5 });

    talk(bob, ARENA_VOICE_CHANNEL.ALL, 3);
    await eventually(
      () => ada.heard.length === 3 && cyd.heard.length === 8,
      "everyone hears bob's global channel, directly and relayed",
    );
    expect(bob.heard).toEqual([]);
    expect(bob.voice.stats.framesIn).toBe(0);
  });
});
