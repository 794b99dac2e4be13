// Voice in a listen session: the hosting peer runs the room core a Durable Object runs, so its
// relay applies the same rule (docs/voice.md#peer-sessions): a peer's frames reach the other
// peers, never itself; a muted account's frames reach nobody, and every player hears of the
// mute. Peers reach the host through the relay here (fast, and
// the host's side does not depend on the carrier).

import { afterEach, describe, expect, it } from "vitest";
import { ARENA_VOICE_CHANNEL, arenaGame } from "../../../games/arena/index.js";
import type { RelayedVoiceMessage } from "../../../shared/protocol/voice-messages.js";
import { eventually } from "../../../test/support/eventually.js";
import { FakeSignalingHub } from "../../../test/support/peer/fake-signaling-hub.js";
import { hostSession } from "./host-session.js";
import { joinSession } from "./join-session.js";

const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

const OPUS = Uint8Array.of(0xfc, 0xff, 0xfe);

async function session() {
  const hub = new FakeSignalingHub();
  const signaling = (name: string) => ({
    signalUrl: hub.signalUrl,
    ticket: hub.ticket(name),
    WebSocket: hub.WebSocket,
  });
  const host = await hostSession({ game: arenaGame, signaling: signaling("host") });
  cleanup.push(() => host.close());
  const join = async (name: string) => {
    const peer = await joinSession({
      game: arenaGame,
      name,
      token: "",
      signaling: signaling(name),
      link: { direct: false },
    });
    cleanup.push(() => peer.close());
    const heard: RelayedVoiceMessage[] = [];
    peer.room.on("voice", (v) => heard.push(v));
    const states: { playerId: number; muted: boolean }[] = [];
    peer.room.on("voice-state", (s) => states.push({ playerId: s.playerId, muted: s.muted }));
    return { peer, heard, states };
  };
  return { host, join };
}

describe("ListenHost voice relay", () => {
  it("relays a peer's frames to the other peers and not back, and drops a muted account's for everyone", async () => {
    const { host, join } = await session();
    const bob = await join("bob");
    const cyd = await join("cyd");
    const bobId = bob.peer.room.playerId;
    const talk = (seq: number) =>
      bob.peer.room.sendVoice({ seq, channel: ARENA_VOICE_CHANNEL.ALL, end: false, payload: OPUS });

    expect(talk(1)).toBe(true);
    await eventually(() => cyd.heard.length === 1, "cyd hears bob");
    expect(cyd.heard[0]).toEqual({
      type: "voice",
      speaker: bobId,
      seq: 1,
      channel: ARENA_VOICE_CHANNEL.ALL,
      end: false,
      payload: OPUS,
    });

    // The host mutes bob's account (the session verified it as acct-bob).
    expect(host.core.voice!.setMuted(bobId, true)).toBe(true);
    await eventually(() => cyd.states.length === 1 && bob.states.length === 1, "both told");
    expect(cyd.states).toEqual([{ playerId: bobId, muted: true }]);
    talk(2);
    // cyd talks too: bob hears it (a listener is never the one muted).
    cyd.peer.room.sendVoice({
      seq: 9,
      channel: ARENA_VOICE_CHANNEL.ALL,
      end: false,
      payload: OPUS,
    });
    await eventually(() => bob.heard.some((v) => v.seq === 9), "bob hears cyd");
    await eventually(() => host.core.stats(0).voice.framesIn === 3, "the host read all three");
    expect(cyd.heard.map((v) => v.seq)).toEqual([1]);
    expect(bob.heard.map((v) => v.speaker)).toEqual([cyd.peer.room.playerId]);
    // Bob's second frame was dropped whole: two copies went out, frame 1 to cyd, 9 to bob.
    expect(host.core.stats(0).voice).toMatchObject({ framesIn: 3, droppedMuted: 1, framesOut: 2 });
  });
});
