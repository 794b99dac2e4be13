// Invariants of the voice relay over random rooms (fast-check): every listener receives
// exactly what the routing rule says — so never its own frames, never a muted speaker's, never
// a proximity frame from beyond the radius —; the relayed bytes stay within the room's voice
// budget over every span of time; and voice traffic leaves the state replication byte for byte
// as it would be without it.

import fc from "fast-check";
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
import { encodeVoice, RELAYED_VOICE_HEADER_BYTES } from "../protocol/voice-messages.js";

function voiceFrame(seq: number, channel: number, payload: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  encodeVoice(w, { seq, channel, end: false, payload });
  return w.toBytes();
}

const player = fc.record({
  x: fc.integer({ min: 0, max: 1600 }),
  y: fc.integer({ min: 0, max: 900 }),
  team: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
  muted: fc.boolean(),
});

const frame = fc.record({
  speaker: fc.nat(),
  channel: fc.constantFrom(
    ARENA_VOICE_CHANNEL.NEAR,
    ARENA_VOICE_CHANNEL.TEAM,
    ARENA_VOICE_CHANNEL.ALL,
  ),
});

describe("voice relay invariants", () => {
  it("delivers each frame to exactly the listeners the rule names: not the speaker, not from the muted, not beyond the radius, not to a blocker", () => {
    fc.assert(
      fc.property(
        fc.array(player, { minLength: 2, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
        fc.array(frame, { minLength: 1, maxLength: 20 }),
        (players, blockPairs, frames) => {
          const host = new TestRoomHost();
          const conns = players.map((_, i) => `p${i}`);
          players.forEach((p, i) => {
            host.joinAs(conns[i]!, `acct-${i}`, "", p.team);
          });
          const ids = conns.map((c) => host.welcome(c).playerId);
          const pos = host.room.world.store(Ship).pos;
          players.forEach((p, i) => {
            const e = shipOf(host.room.world, ids[i]!);
            pos.x[e] = p.x;
            pos.y[e] = p.y;
            if (p.muted) host.room.voice!.setMuted(ids[i]!, true);
          });
          const blocked = new Set<string>();
          for (const [l, s] of blockPairs) {
            const li = l % players.length;
            const si = s % players.length;
            host.room.voice!.setBlocked(ids[li]!, ids[si]!, true);
            blocked.add(`${li}>${si}`);
          }
          const expected = conns.map(() => [] as string[]);
          frames.forEach((f, seq) => {
            const si = f.speaker % players.length;
            host.receive(conns[si]!, voiceFrame(seq, f.channel, Uint8Array.of(seq & 0xff)));
            const s = players[si]!;
            players.forEach((l, li) => {
              if (li === si || s.muted || blocked.has(`${li}>${si}`)) return;
              const hears =
                f.channel === ARENA_VOICE_CHANNEL.ALL ||
                (f.channel === ARENA_VOICE_CHANNEL.TEAM &&
                  s.team !== undefined &&
                  l.team === s.team) ||
                (f.channel === ARENA_VOICE_CHANNEL.NEAR &&
                  (l.x - s.x) ** 2 + (l.y - s.y) ** 2 <= ARENA_VOICE_RADIUS ** 2);
              if (hears) expected[li]!.push(`${ids[si]}:${seq}`);
            });
          });
          conns.forEach((c, i) => {
            expect(host.of(c, "voice").map((v) => `${v.speaker}:${v.seq}`)).toEqual(expected[i]);
          });
          expect(host.closes.size).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("never relays more than the room's voice budget over any span: rate × span + one second's burst", () => {
    const rate = 4096;
    const game = {
      ...arenaGame,
      voice: { channels: [{ name: "all", kind: "global" as const }], roomBytesPerSecond: rate },
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.array(
          fc.record({
            gapMs: fc.integer({ min: 0, max: 40 }),
            size: fc.integer({ min: 1, max: 400 }),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        (listeners, sends) => {
          const host = new TestRoomHost({}, game);
          const conns = Array.from({ length: listeners }, (_, i) => `p${i}`);
          for (const c of conns) host.join(c);
          // Under the speaker's frame rate: 60/s with a burst of 50 allows any of these.
          const sent: { at: number; bytes: number }[] = [];
          sends.forEach((s, seq) => {
            host.now += Math.max(s.gapMs, 17);
            const before = host.room.stats(host.now).voice.bytesOut;
            host.receive("p0", voiceFrame(seq, 0, new Uint8Array(s.size)));
            sent.push({ at: host.now, bytes: host.room.stats(host.now).voice.bytesOut - before });
          });
          expect(host.closes.size).toBe(0);
          for (let i = 0; i < sent.length; i++) {
            let total = 0;
            for (let j = i; j < sent.length; j++) {
              total += sent[j]!.bytes;
              const span = (sent[j]!.at - sent[i]!.at) / 1000;
              expect(total).toBeLessThanOrEqual(rate + rate * span + 1e-6);
            }
          }
          // Each copy is a header and its packet: the counts agree with the bytes.
          const v = host.room.stats(host.now).voice;
          expect(v.framesOut + v.droppedBudget).toBe(sends.length * (listeners - 1));
          expect(v.bytesOut).toBeGreaterThanOrEqual(v.framesOut * (RELAYED_VOICE_HEADER_BYTES + 1));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("leaves every player's SNAPSHOT bytes exactly as they are without voice", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(
          fc.record({
            speaker: fc.nat(),
            frames: fc.integer({ min: 0, max: 3 }),
            buttons: fc.nat(15),
          }),
          {
            minLength: 5,
            maxLength: 40,
          },
        ),
        (n, ticks) => {
          const quiet = new TestRoomHost();
          const talking = new TestRoomHost();
          const conns = Array.from({ length: n }, (_, i) => `p${i}`);
          for (const host of [quiet, talking]) for (const c of conns) host.join(c);
          let seq = 0;
          ticks.forEach((t, i) => {
            const c = conns[t.speaker % n]!;
            for (const host of [quiet, talking]) host.input(c, i, [t.buttons]);
            for (let f = 0; f < t.frames; f++)
              talking.receive(c, voiceFrame(seq++, ARENA_VOICE_CHANNEL.ALL, new Uint8Array(60)));
            quiet.advance(1);
            talking.advance(1);
          });
          expect(talking.room.stats(talking.now).voice.framesIn).toBe(seq);
          for (const c of conns) {
            const snaps = (host: TestRoomHost) =>
              host.of(c, "snapshot").map((m) => Buffer.from(m.update).toString("hex"));
            expect(snaps(talking)).toEqual(snaps(quiet));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
