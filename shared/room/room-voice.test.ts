// The room's voice relay through the public entry (RoomCore.receive) and a recording host:
// who receives a frame on each channel, moderation mutes kept by account, the refusals, and
// the relay's own budgets (frame rate, room bytes, a listener's backlog).

import { describe, expect, it } from "vitest";
import {
  ARENA_VOICE_CHANNEL,
  ARENA_VOICE_RADIUS,
  arenaGame,
  Ship,
  shipOf,
} from "../../games/arena/index.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { encodePing } from "../protocol/client-messages.js";
import { CLOSE } from "../protocol/close-codes.js";
import { encodeVoice, RELAYED_VOICE_HEADER_BYTES } from "../protocol/voice-messages.js";
import type { ConnectionId } from "./room-sink.js";

const OPUS = Uint8Array.of(0xfc, 0xff, 0xfe, 0x01);

function voiceFrame(seq: number, channel: number, payload = OPUS, end = false): Uint8Array {
  const w = new ByteWriter();
  encodeVoice(w, { seq, channel, end, payload });
  return w.toBytes();
}

/** `conn`'s player id. */
const idOf = (host: TestRoomHost, conn: ConnectionId) => host.welcome(conn).playerId;

/** Puts `conn`'s ship at (x, y). */
function place(host: TestRoomHost, conn: ConnectionId, x: number, y: number): void {
  const world = host.room.world;
  const e = shipOf(world, idOf(host, conn));
  world.store(Ship).pos.x[e] = x;
  world.store(Ship).pos.y[e] = y;
}

/** The voice frames `conn` received, as `speaker:seq`. */
const heard = (host: TestRoomHost, conn: ConnectionId) =>
  host.of(conn, "voice").map((v) => `${v.speaker}:${v.seq}`);

function arenaRoom(...conns: ConnectionId[]): TestRoomHost {
  const host = new TestRoomHost();
  for (const c of conns) host.join(c);
  return host;
}

describe("RoomCore voice routing", () => {
  it("relays a global frame to every other player, never back to the speaker, the same bytes to each", () => {
    const host = arenaRoom("a", "b", "c");
    const a = idOf(host, "a");
    host.receive("a", voiceFrame(7, ARENA_VOICE_CHANNEL.ALL));
    expect(heard(host, "b")).toEqual([`${a}:7`]);
    expect(heard(host, "c")).toEqual([`${a}:7`]);
    expect(heard(host, "a")).toEqual([]);
    const [b] = host.of("b", "voice");
    expect(b).toEqual({ type: "voice", speaker: a, seq: 7, channel: 2, end: false, payload: OPUS });
    // Built once: one Uint8Array object, handed to both listeners.
    expect(host.sent.get("b")!.at(-1)).toBe(host.sent.get("c")!.at(-1));
  });

  it("relays a proximity frame to the ships within the radius, the circle included, and to nobody beyond", () => {
    const host = arenaRoom("a", "near", "edge", "far");
    place(host, "a", 400, 400);
    place(host, "near", 400 + 300, 400 + 400); // 500 away: on the circle
    place(host, "edge", 400, 400 + ARENA_VOICE_RADIUS - 1);
    place(host, "far", 400 + 301, 400 + 400); // √(301² + 400²) ≈ 500.6 away
    host.receive("a", voiceFrame(1, ARENA_VOICE_CHANNEL.NEAR));
    const a = idOf(host, "a");
    expect(heard(host, "near")).toEqual([`${a}:1`]);
    expect(heard(host, "edge")).toEqual([`${a}:1`]);
    expect(heard(host, "far")).toEqual([]);
    // The far ship comes closer: the next frame reaches it (positions are read per frame).
    place(host, "far", 400, 800);
    host.receive("a", voiceFrame(2, ARENA_VOICE_CHANNEL.NEAR));
    expect(heard(host, "far")).toEqual([`${a}:2`]);
  });

  it("relays a team frame to the speaker's seated team only, and a player without a team hears none", () => {
    const host = new TestRoomHost();
    host.joinAs("red1", "acct-r1", "", 0);
    host.joinAs("red2", "acct-r2", "", 0);
    host.joinAs("blue", "acct-b", "", 1);
    host.joinAs("solo", "acct-s");
    host.receive("red1", voiceFrame(3, ARENA_VOICE_CHANNEL.TEAM));
    host.receive("solo", voiceFrame(4, ARENA_VOICE_CHANNEL.TEAM));
    const red1 = idOf(host, "red1");
    expect(heard(host, "red2")).toEqual([`${red1}:3`]);
    expect(heard(host, "blue")).toEqual([]);
    expect(heard(host, "solo")).toEqual([]);
    expect(heard(host, "red1")).toEqual([]);
  });

  it("never relays to a listener who blocked the speaker, and does again once unblocked", () => {
    const host = arenaRoom("a", "b", "c");
    host.room.voice!.setBlocked(idOf(host, "b"), idOf(host, "a"), true);
    host.receive("a", voiceFrame(1, ARENA_VOICE_CHANNEL.ALL));
    expect(heard(host, "b")).toEqual([]);
    expect(heard(host, "c")).toHaveLength(1);
    host.room.voice!.setBlocked(idOf(host, "b"), idOf(host, "a"), false);
    host.receive("a", voiceFrame(2, ARENA_VOICE_CHANNEL.ALL));
    expect(heard(host, "b")).toEqual([`${idOf(host, "a")}:2`]);
  });
});

describe("RoomCore voice and the game's block list", () => {
  it("asks the game's `blocked` per listener: a blocker never hears the blocked, the others do", () => {
    const blocks = new Set<string>();
    const game = {
      ...arenaGame,
      voice: {
        ...arenaGame.voice,
        blocked: (_world: unknown, listener: number, speaker: number) =>
          blocks.has(`${listener}>${speaker}`),
      },
    };
    const host = new TestRoomHost({}, game);
    for (const c of ["a", "b", "c"]) host.join(c);
    const [a, b] = [idOf(host, "a"), idOf(host, "b")];
    blocks.add(`${b}>${a}`);
    host.receive("a", voiceFrame(1, ARENA_VOICE_CHANNEL.ALL));
    host.receive("b", voiceFrame(2, ARENA_VOICE_CHANNEL.ALL));
    expect(heard(host, "b")).toEqual([]);
    expect(heard(host, "c")).toEqual([`${a}:1`, `${b}:2`]);
    // One way only: a still hears b.
    expect(heard(host, "a")).toEqual([`${b}:2`]);
  });
});

describe("RoomCore voice moderation mute", () => {
  it("drops a muted speaker's frames for everyone and tells every player, the muted one too", () => {
    const host = new TestRoomHost();
    host.joinAs("a", "acct-a");
    host.joinAs("b", "acct-b");
    const a = idOf(host, "a");
    expect(host.room.voice!.setMuted(a, true)).toBe(true);
    for (const c of ["a", "b"])
      expect(host.of(c, "voice-state")).toEqual([
        { type: "voice-state", playerId: a, muted: true },
      ]);
    host.receive("a", voiceFrame(1, ARENA_VOICE_CHANNEL.ALL));
    expect(heard(host, "b")).toEqual([]);
    // Not a violation: the speaker's client may not have heard VOICE_STATE yet.
    expect(host.closes.get("a")).toBeUndefined();
    expect(host.room.stats(host.now).voice).toMatchObject({
      framesIn: 1,
      droppedMuted: 1,
      framesOut: 0,
    });
    host.room.voice!.setMuted(a, false);
    expect(host.of("b", "voice-state").at(-1)).toEqual({
      type: "voice-state",
      playerId: a,
      muted: false,
    });
    host.receive("a", voiceFrame(2, ARENA_VOICE_CHANNEL.ALL));
    expect(heard(host, "b")).toEqual([`${a}:2`]);
  });

  it("keeps a mute across a resume and a fresh seat of the same account, and says so in each join sequence", () => {
    const host = new TestRoomHost();
    host.joinAs("a", "acct-a");
    host.joinAs("b", "acct-b");
    const a = idOf(host, "a");
    host.room.voice!.setMuted(a, true);
    // The link drops and resumes: a new connection, the same player, still muted.
    const token = host.welcome("a").resumeToken;
    host.room.disconnect("a", host.now);
    host.joinAs("a2", "acct-a", token);
    expect(host.welcome("a2")).toMatchObject({ playerId: a, resumed: true });
    expect(host.of("a2", "voice-state")).toEqual([
      { type: "voice-state", playerId: a, muted: true },
    ]);
    host.receive("a2", voiceFrame(1, ARENA_VOICE_CHANNEL.ALL));
    expect(heard(host, "b")).toEqual([]);
    // It leaves for good and joins again: a new seat, the account's mute still holds.
    host.room.disconnect("a2", host.now, false);
    host.joinAs("a3", "acct-a");
    const a3 = idOf(host, "a3");
    expect(a3).not.toBe(a);
    expect(host.room.voice!.isMuted(a3)).toBe(true);
    expect(host.of("a3", "voice-state")).toEqual([
      { type: "voice-state", playerId: a3, muted: true },
    ]);
    expect(host.of("b", "voice-state").at(-1)).toEqual({
      type: "voice-state",
      playerId: a3,
      muted: true,
    });
    // A newcomer hears who is muted in its join sequence.
    host.joinAs("c", "acct-c");
    expect(host.of("c", "voice-state")).toEqual([
      { type: "voice-state", playerId: a3, muted: true },
    ]);
    expect(host.room.voice!.mutes()).toEqual(["account:acct-a"]);
  });

  it("brings persisted mutes back into a new room core (a restarted host)", () => {
    const before = new TestRoomHost();
    before.joinAs("a", "acct-a");
    before.room.voice!.setMuted(idOf(before, "a"), true);
    const after = new TestRoomHost();
    after.room.voice!.restoreMutes(before.room.voice!.mutes());
    after.joinAs("a", "acct-a");
    after.joinAs("b", "acct-b");
    after.receive("a", voiceFrame(1, ARENA_VOICE_CHANNEL.ALL));
    expect(heard(after, "b")).toEqual([]);
    expect(after.of("b", "voice-state")).toEqual([
      { type: "voice-state", playerId: idOf(after, "a"), muted: true },
    ]);
  });

  it("sends no VOICE_STATE in a join sequence while nobody is muted, and answers false for an unknown player", () => {
    const host = arenaRoom("a", "b");
    expect(host.of("b", "voice-state")).toEqual([]);
    expect(host.room.voice!.setMuted(999, true)).toBe(false);
  });
});

describe("RoomCore voice refusals", () => {
  it("closes a VOICE in a game that declares no voice with 4004, as a protocol violation", () => {
    const host = new TestRoomHost({}, { ...arenaGame, voice: undefined });
    host.join("a");
    host.receive("a", voiceFrame(1, 0));
    expect(host.closes.get("a")).toEqual({
      code: CLOSE.UNEXPECTED_MESSAGE.code,
      reason: "unexpected message: this game has no voice",
    });
    expect(host.room.voice).toBeNull();
  });

  it("closes a VOICE on an undeclared channel (4004) but relays one on the last declared", () => {
    const host = arenaRoom("a", "b");
    host.receive("a", voiceFrame(1, 2));
    expect(host.closes.get("a")).toBeUndefined();
    host.receive("a", voiceFrame(2, 3));
    expect(host.closes.get("a")).toEqual({
      code: CLOSE.UNEXPECTED_MESSAGE.code,
      reason: "unexpected message: voice channel 3 not declared",
    });
  });

  it("closes a VOICE before the HELLO or from a spectator with 4004, and an oversized packet with 4000", () => {
    const host = arenaRoom("p");
    host.room.open("early", host.now);
    host.receive("early", voiceFrame(1, 0));
    expect(host.closes.get("early")?.reason).toBe("unexpected message: voice before hello");
    host.spectate("s");
    host.receive("s", voiceFrame(1, 0));
    expect(host.closes.get("s")?.reason).toBe("unexpected message: spectators send no voice");
    host.receive("p", voiceFrame(1, 0, new Uint8Array(401)));
    expect(host.closes.get("p")).toEqual({
      code: CLOSE.MALFORMED_FRAME.code,
      reason: "malformed frame: voice payload too large",
    });
  });
});

describe("RoomCore voice budgets", () => {
  it("lets a player talk at 50 frames/s for 20 s beside 30 inputs/s and pings without a rate-limit close", () => {
    const host = arenaRoom("a", "b");
    const ping = new ByteWriter();
    encodePing(ping, 0);
    // 20 ms steps: a voice frame each, three inputs every 100 ms (30/s), a ping every second.
    let seq = 0;
    let input = 0;
    for (let ms = 0; ms < 20_000; ms += 20) {
      host.now += 20;
      host.receive("a", voiceFrame(seq++ & 0xffff, ARENA_VOICE_CHANNEL.ALL));
      if (ms % 100 === 0 || ms % 100 === 40 || ms % 100 === 60) host.input("a", input++, [0]);
      // Both ping: a listener that sends nothing for 10 s is cut as a dead link.
      if (ms % 1000 === 0) for (const c of ["a", "b"]) host.receive(c, ping.toBytes());
      host.room.update(host.now);
    }
    // 20 s × (50 voice + 30 inputs + 1 ping) a second: well over the 60/s message rate.
    expect(input).toBe(20 * 30);
    expect(host.closes.size).toBe(0);
    expect(heard(host, "b")).toHaveLength(1000);
  });

  it("closes a speaker past its voice frame rate (60/s, bursts of 50) with 4007", () => {
    const host = arenaRoom("a", "b");
    // 50 of burst plus what 1 s at 60/s refills, then one more at the same instant.
    for (let i = 0; i < 50; i++) host.receive("a", voiceFrame(i, 2));
    host.now += 1000;
    for (let i = 0; i < 60; i++) host.receive("a", voiceFrame(50 + i, 2));
    expect(host.closes.get("a")).toBeUndefined();
    host.receive("a", voiceFrame(110, 2));
    expect(host.closes.get("a")).toEqual({
      code: CLOSE.RATE_LIMITED.code,
      reason: "rate limited: voice frames",
    });
  });

  it("drops voice to a listener whose link holds more than 16 KiB unsent, and to nobody else", () => {
    const host = arenaRoom("a", "slow", "fast");
    host.setBuffered("slow", 16_384);
    host.receive("a", voiceFrame(1, 2));
    host.setBuffered("slow", 16_385);
    host.receive("a", voiceFrame(2, 2));
    const a = idOf(host, "a");
    expect(heard(host, "slow")).toEqual([`${a}:1`]);
    expect(heard(host, "fast")).toEqual([`${a}:1`, `${a}:2`]);
    expect(host.room.stats(host.now).voice.droppedBacklog).toBe(1);
    // Snapshots still go to the slow link: voice gave way first.
    const before = host.of("slow", "snapshot").length;
    host.advance(2);
    expect(host.of("slow", "snapshot").length).toBe(before + 2);
  });

  it("keeps the room's relayed voice bytes within its budget and counts them", () => {
    // 1024 B/s: each copy is 6 + 100 = 106 bytes, so the full bucket holds 9 copies (954 B).
    const game = {
      ...arenaGame,
      voice: { channels: [{ name: "all", kind: "global" as const }], roomBytesPerSecond: 1024 },
    };
    const host = new TestRoomHost({}, game);
    for (const c of ["a", "b", "c"]) host.join(c);
    const payload = new Uint8Array(100);
    for (let i = 0; i < 5; i++) host.receive("a", voiceFrame(i, 0, payload)); // 10 copies wanted
    const stats = host.room.stats(host.now).voice;
    expect(stats).toMatchObject({ framesIn: 5, framesOut: 9, droppedBudget: 1 });
    expect(stats.bytesOut).toBe(9 * (RELAYED_VOICE_HEADER_BYTES + 100));
    // 70 bytes were left; half a second refills 512: 582, 5 more copies (530 bytes).
    host.now += 500;
    for (let i = 5; i < 8; i++) host.receive("a", voiceFrame(i, 0, payload));
    expect(host.room.stats(host.now).voice.framesOut).toBe(14);
  });
});
