// bench:voice, part 1: what relaying voice costs a room. The arena room core in Node with 16
// players steering by seeded scripts, 4 of them talking (one VOICE frame each 20 ms, Opus
// packets of the size the browser part measured), against the same room and scripts without
// voice. The room relays a frame when it arrives, outside its tick; so besides the tick
// itself (`room.update`) the time of the voice receives between two ticks is charged to the
// tick period they fall in.

import { performance } from "node:perf_hooks";
import { type ArenaInput, arenaGame } from "../../games/arena/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import {
  encodeInputHeader,
  encodePing,
  NO_TICK_ACK,
} from "../../shared/protocol/client-messages.js";
import { encodeVoice } from "../../shared/protocol/voice-messages.js";
import { type ConnectionId, RoomCore, type RoomSink } from "../../shared/room/index.js";
import { sayHello } from "../harness/say-hello.js";
import { type SteeringPhase, steeringScript } from "../peer/steering.js";

/** The room's shape and length. */
export interface VoiceRoomRun {
  readonly players: number;
  readonly talkers: number;
  /** Opus packet size, bytes (the browser part's mean). */
  readonly packetBytes: number;
  readonly warmupTicks: number;
  readonly measuredTicks: number;
  readonly seed: number;
}

/** What one run measured; times in ms per tick period. */
export interface VoiceRoomFigures {
  /** Mean and median of `room.update` plus the voice receives in the period. */
  readonly meanMs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  /** Mean of `room.update` alone. */
  readonly tickOnlyMeanMs: number;
  /** Mean of the voice receives alone. */
  readonly voiceMeanMs: number;
  /** Frames the room relayed (copies) and dropped, from its own counters. */
  readonly framesIn: number;
  readonly framesOut: number;
  readonly bytesOut: number;
}

/** A socket stand-in: copies every frame as a socket's send does, and counts. */
class CopyingSink implements RoomSink {
  bytes = 0;
  #buffer = new Uint8Array(4096);
  send(_conn: ConnectionId, bytes: Uint8Array): void {
    if (this.#buffer.length < bytes.length) this.#buffer = new Uint8Array(bytes.length * 2);
    this.#buffer.set(bytes);
    this.bytes += bytes.length;
  }
  close(conn: ConnectionId, code: number, reason: string): void {
    throw new Error(`voice bench: the room closed ${conn} with ${code}: ${reason}`);
  }
  setTicking(): void {}
}

function buttonsAt(phases: readonly SteeringPhase[], at: { i: number }, ms: number): number {
  while (at.i < phases.length && phases[at.i]!.endMs <= ms) at.i++;
  const p = phases[at.i];
  return p !== undefined && p.startMs <= ms ? p.buttons : 0;
}

/** Runs the room with `run.talkers` talking (0: without voice). */
export function runVoiceRoom(run: VoiceRoomRun): VoiceRoomFigures {
  const sink = new CopyingSink();
  const room = new RoomCore<ArenaInput>(arenaGame, "voice-bench", sink, {
    maxPlayers: run.players,
  });
  const w = new ByteWriter(1024);
  const say = (conn: string, now: number) => room.receive(conn, w.view(), now);
  const conns = Array.from({ length: run.players }, (_, p) => `p${p}`);
  let now = 0;
  for (const conn of conns) sayHello(room, arenaGame, conn, conn, now);
  const total = run.warmupTicks + run.measuredTicks;
  const interval = room.tickIntervalMs;
  const scripts = conns.map((_, p) => steeringScript(run.seed + p, total * interval + 1000));
  const cursors = conns.map(() => ({ i: 0 }));
  const packet = new Uint8Array(run.packetBytes).fill(0x5a);
  const seqs = new Uint16Array(run.talkers);
  let nextVoiceAt = 0;
  const period = new Float64Array(run.measuredTicks);
  let tickOnly = 0;
  let voiceOnly = 0;
  let statsAtStart = room.stats(now).voice;
  for (let t = 0; t < total; t++) {
    if (t === run.warmupTicks) statsAtStart = room.stats(now).voice;
    for (let p = 0; p < conns.length; p++) {
      w.reset();
      encodeInputHeader(w, NO_TICK_ACK, t, 1);
      w.u8(buttonsAt(scripts[p]!, cursors[p]!, now));
      say(conns[p]!, now);
    }
    for (let c = t % 30; c < conns.length; c += 30) {
      w.reset();
      encodePing(w, now);
      say(conns[c]!, now);
    }
    // The voice frames of this tick period, 20 ms apart per talker, in arrival order.
    let voiceMs = 0;
    const end = now + interval;
    for (; run.talkers > 0 && nextVoiceAt < end; nextVoiceAt += 20) {
      for (let k = 0; k < run.talkers; k++) {
        w.reset();
        encodeVoice(w, { seq: seqs[k]!, channel: 0, end: false, payload: packet });
        seqs[k] = (seqs[k]! + 1) & 0xffff;
        const t0 = performance.now();
        room.receive(conns[k]!, w.view(), nextVoiceAt);
        voiceMs += performance.now() - t0;
      }
    }
    now = end;
    const t0 = performance.now();
    room.update(now);
    const tickMs = performance.now() - t0;
    if (t >= run.warmupTicks) {
      period[t - run.warmupTicks] = tickMs + voiceMs;
      tickOnly += tickMs;
      voiceOnly += voiceMs;
    }
  }
  if (room.playerCount !== run.players) throw new Error("voice bench: a player was lost");
  const v = room.stats(now).voice;
  const sorted = Float64Array.from(period).sort();
  const n = run.measuredTicks;
  return {
    meanMs: sorted.reduce((a, b) => a + b, 0) / n,
    medianMs: sorted[Math.floor(n / 2)]!,
    p95Ms: sorted[Math.floor(n * 0.95)]!,
    tickOnlyMeanMs: tickOnly / n,
    voiceMeanMs: voiceOnly / n,
    framesIn: v.framesIn - statsAtStart.framesIn,
    framesOut: v.framesOut - statsAtStart.framesOut,
    bytesOut: v.bytesOut - statsAtStart.bytesOut,
  };
}
