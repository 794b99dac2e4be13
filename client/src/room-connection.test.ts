// RoomConnection's reconnection, over a scripted WebSocket double and fake timers: backoff
// delays, the resume token in the HELLO, and no reconnection after a non-retryable close.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ARENA_RPCS, arenaGame } from "../../games/arena/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { decodeClientMessage, type HelloMessage } from "../../shared/protocol/client-messages.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { encodeVoiceState, relayedVoiceFrame } from "../../shared/protocol/index.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/limits.js";
import { encodePong, encodeWelcome } from "../../shared/protocol/server-messages.js";
import { RPC_OP, readArgs, readCall } from "../../shared/rpc/index.js";
import { connect } from "./connect.js";
import type { SimulateOptions } from "./connect-options.js";
import type { ConnectionState } from "./room-events.js";
import {
  DEFAULT_RPC_BACKPRESSURE_BYTES,
  RPC_CONNECTION_CLOSED,
  RPC_LINK_LOST,
  RPC_SUPERSEDED,
} from "./room-rpc.js";

/** A WebSocket whose server side the test plays. */
class ScriptedSocket {
  static readonly all: ScriptedSocket[] = [];
  readonly OPEN = 1;
  readonly CONNECTING = 0;
  readyState = 0;
  binaryType = "blob";
  readonly hellos: HelloMessage[] = [];
  /** Every RATE the client sent, in order. */
  readonly rates: number[] = [];
  /** Every frame the client sent. */
  readonly sent: Uint8Array[] = [];
  /** What the socket reports as queued but unsent; the test sets it. */
  bufferedAmount = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    ScriptedSocket.all.push(this);
  }

  send(bytes: Uint8Array): void {
    this.sent.push(bytes.slice());
    const m = decodeClientMessage(bytes, arenaGame.input.bytes);
    if (m.ok && m.value.type === "hello") this.hellos.push(m.value);
    if (m.ok && m.value.type === "rate") this.rates.push(m.value.bytesPerSecond);
  }

  close(): void {
    this.readyState = 3;
  }

  /** Server side: accept the socket. */
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  /** Server side: welcome the hello. */
  welcome(resumed: boolean, resumeToken: string): void {
    const w = new ByteWriter();
    encodeWelcome(w, {
      version: PROTOCOL_VERSION,
      playerId: 4,
      tickRate: 30,
      tick: 0,
      serverTime: 0,
      roomId: "r",
      resumed,
      resumeToken,
    });
    const bytes = w.toBytes();
    this.onmessage?.({
      data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    });
  }

  /** Server side: a PONG, as any frame from the room, proves the link alive. */
  pong(): void {
    const w = new ByteWriter();
    encodePong(w, 0, 0);
    const bytes = w.toBytes();
    this.onmessage?.({
      data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    });
  }

  /** Server side (or network): the socket closes. */
  drop(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: "" });
  }
}

async function joined(maxBytesPerSecond?: number, simulate?: SimulateOptions) {
  const pending = connect({
    maxBytesPerSecond,
    simulate,
    url: "ws://127.0.0.1:1/v1/rooms/r/ws",
    game: arenaGame,
    name: "ada",
    WebSocket: ScriptedSocket as unknown as typeof WebSocket,
    // No jitter: attempt k waits exactly 100 × 2^k ms.
    reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0, maxAttempts: 3 },
  });
  const first = ScriptedSocket.all.at(-1)!;
  first.open();
  first.welcome(false, "tok1");
  const room = await pending;
  const states: ConnectionState[] = [];
  room.on("state", ({ state }) => states.push(state));
  return { room, first, states };
}

beforeEach(() => {
  ScriptedSocket.all.length = 0;
  // Timers only: a faked Date or performance clock would leak into the seeds of property
  // tests in other files that share the worker.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Drives performance.now() by hand, restored after the test. */
function handClock() {
  let t = performance.now();
  const spy = vi.spyOn(performance, "now").mockImplementation(() => t);
  return {
    /** Moves the clock by `ms` with the poll timers running in 8 ms steps. */
    run(ms: number) {
      for (let ran = 0; ran < ms; ran += 8) {
        t += 8;
        vi.advanceTimersByTime(8);
      }
    },
    jump(ms: number) {
      t += ms;
    },
    restore: () => spy.mockRestore(),
  };
}

describe("RoomConnection idle check and the client's clock", () => {
  it("does not take a clock jump, forward or back, for the room's silence", async () => {
    const clock = handClock();
    try {
      const { room, states } = await joined();
      clock.run(100);
      clock.jump(60_000); // past the 5 s idle timeout at once: a suspend, not silence
      clock.run(100);
      clock.jump(-120_000);
      clock.run(100);
      expect(states).toEqual([]);
      expect(room.state).toBe("connected");
      room.close();
    } finally {
      clock.restore();
    }
  });

  it("does not take a clock jump back for silence when a frame arrives before the next poll", async () => {
    const clock = handClock();
    try {
      const { room, first, states } = await joined();
      clock.run(100);
      clock.jump(-60_000);
      first.pong(); // heard on the jumped clock, before any poll saw the jump
      clock.run(4_000);
      expect(states).toEqual([]);
      room.close();
    } finally {
      clock.restore();
    }
  });

  it("still finds a silent link once the idle timeout passed on a clock running steadily, and says it was its own watchdog (4303, not the room's 4300)", async () => {
    const clock = handClock();
    try {
      const { room, states } = await joined();
      const closes: number[] = [];
      room.on("state", ({ close }) => close && closes.push(close.code));
      clock.run(4_900); // below the 5 s default: still connected
      expect(room.state).toBe("connected");
      clock.run(200);
      expect(states).toEqual(["reconnecting"]);
      expect(closes).toEqual([CLOSE.ROOM_SILENT.code]);
      room.close();
    } finally {
      clock.restore();
    }
  });
});

describe("RoomConnection reconnection", () => {
  it("reconnects after a dropped link with backoff and resumes with its token", async () => {
    const { room, first, states } = await joined();
    first.drop(1006);
    expect(room.state).toBe("reconnecting");
    vi.advanceTimersByTime(99);
    expect(ScriptedSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(ScriptedSocket.all).toHaveLength(2);
    // The first attempt is refused (the server is still down): the next waits 200 ms.
    ScriptedSocket.all[1]!.drop(1006);
    vi.advanceTimersByTime(199);
    expect(ScriptedSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const third = ScriptedSocket.all[2]!;
    third.open();
    expect(third.hellos[0]?.resume).toBe("tok1");
    third.welcome(true, "tok2");
    expect(states).toEqual(["reconnecting", "resumed"]);
    expect(room.closed).toBeUndefined();
    room.close();
  });

  it("resumes with the credentials reconnectToken gives, asked before each attempt", async () => {
    const asked: number[] = [];
    const pending = connect({
      url: "ws://127.0.0.1:1/v1/rooms/r/ws",
      game: arenaGame,
      name: "ada",
      token: "join-ticket",
      reconnectToken: async () => {
        asked.push(asked.length);
        return `access-${asked.length}`;
      },
      WebSocket: ScriptedSocket as unknown as typeof WebSocket,
      reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0, maxAttempts: 3 },
    });
    const first = ScriptedSocket.all.at(-1)!;
    first.open();
    expect(first.hellos[0]?.token).toBe("join-ticket");
    first.welcome(false, "tok1");
    const room = await pending;
    first.drop(1006);
    await vi.advanceTimersByTimeAsync(100);
    const second = ScriptedSocket.all[1]!;
    second.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(second.hellos[0]).toMatchObject({ token: "access-1", resume: "tok1" });
    second.welcome(true, "tok2");
    expect(room.state).toBe("resumed");
    room.close();
  });

  it("does not reconnect after a kick, and gives up after maxAttempts", async () => {
    const kicked = await joined();
    kicked.first.drop(CLOSE.KICKED.code);
    vi.advanceTimersByTime(10_000);
    expect(ScriptedSocket.all).toHaveLength(1);
    expect(kicked.states).toEqual(["disconnected"]);
    expect(kicked.room.closed).toMatchObject({ code: 4200, retryable: false });

    ScriptedSocket.all.length = 0;
    const lost = await joined();
    lost.first.drop(1006);
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(1_000);
      ScriptedSocket.all.at(-1)!.drop(1006);
    }
    vi.advanceTimersByTime(10_000);
    expect(ScriptedSocket.all).toHaveLength(4); // the first and 3 attempts
    expect(lost.room.state).toBe("disconnected");
    expect(lost.room.closed?.reason).toContain("reconnect attempts exhausted");
  });

  it("leaves a room that no longer knows it (resume expired) instead of joining afresh", async () => {
    const { room, first } = await joined();
    first.drop(1006);
    vi.advanceTimersByTime(100);
    const next = ScriptedSocket.all[1]!;
    next.open();
    next.welcome(false, "tok9");
    expect(room.state).toBe("disconnected");
    expect(room.closed).toMatchObject({ code: 1000, retryable: true });
  });
});

describe("RoomConnection unreliable RPC", () => {
  it("holds unreliable calls while the socket's bufferedAmount is high and sends the latest once it drains", async () => {
    const { room, first } = await joined();
    const rpc = room.rpc(ARENA_RPCS);
    /** The map markers the client put on the wire, decoded. */
    const marks = () =>
      first.sent
        .filter((b) => b[0] === RPC_OP.CALL)
        .map((b) => {
          const call = readCall(b);
          if (!call.ok) throw new Error(call.error);
          return readArgs(ARENA_RPCS.byName("mark").declaration.args, call.value.args);
        });
    first.bufferedAmount = DEFAULT_RPC_BACKPRESSURE_BYTES + 1;
    const older = rpc.call("mark", { x: 10, y: 20 });
    const newer = rpc.call("mark", { x: 30, y: 40 });
    await expect(older).rejects.toMatchObject({ status: RPC_SUPERSEDED });
    vi.advanceTimersByTime(100); // polled every ~8 ms: still backed up
    expect(marks()).toEqual([]);
    first.bufferedAmount = 0;
    vi.advanceTimersByTime(10);
    expect(marks()).toEqual([{ ok: true, value: { x: 30, y: 40 } }]);
    room.close();
    await expect(newer).rejects.toMatchObject({ status: RPC_CONNECTION_CLOSED });
  });

  it("rejects a reliable call whose link dropped before its answer, and one made while the link is down", async () => {
    const { room, first } = await joined();
    const rpc = room.rpc(ARENA_RPCS);
    const inFlight = rpc.call("emote", { kind: "wave" });
    expect(first.sent.some((b) => b[0] === RPC_OP.CALL)).toBe(true);
    first.drop(1006);
    await expect(inFlight).rejects.toMatchObject({ status: RPC_LINK_LOST });
    expect(room.state).toBe("reconnecting");
    // While resuming, a reliable call is refused at once rather than waiting for no answer.
    await expect(rpc.call("emote", { kind: "gg" })).rejects.toMatchObject({
      status: RPC_LINK_LOST,
    });
    // An unreliable one is held and goes out on the resumed link.
    const mark = rpc.call("mark", { x: 1, y: 2 });
    vi.advanceTimersByTime(100);
    const second = ScriptedSocket.all[1]!;
    second.open();
    second.welcome(true, "tok2");
    vi.advanceTimersByTime(10);
    expect(second.sent.filter((b) => b[0] === RPC_OP.CALL)).toHaveLength(1);
    room.close();
    await expect(mark).rejects.toMatchObject({ status: RPC_CONNECTION_CLOSED });
  });

  it("tells the room its rate cap after the welcome, on every resumed link, and when changed", async () => {
    const { room, first } = await joined(4096);
    expect(first.rates).toEqual([4096]);
    room.setMaxBytesPerSecond(2048);
    expect(first.rates).toEqual([4096, 2048]);
    first.drop(CLOSE.IDLE_TIMEOUT.code);
    vi.advanceTimersByTime(100);
    const second = ScriptedSocket.all.at(-1)!;
    second.open();
    second.welcome(true, "tok1");
    expect(second.rates).toEqual([2048]);
    expect(() => room.setMaxBytesPerSecond(-1)).toThrow(/maxBytesPerSecond/);
    room.close();
  });

  it("leaves no timer behind when closed while an attempt awaits its welcome", async () => {
    const { room, first } = await joined();
    first.drop(CLOSE.IDLE_TIMEOUT.code);
    vi.advanceTimersByTime(100); // the first attempt's socket opens…
    ScriptedSocket.all.at(-1)!.open(); // …and says HELLO; no welcome yet
    room.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("sends no RATE without a cap", async () => {
    const { room, first } = await joined();
    expect(first.rates).toEqual([]);
    room.close();
  });
});

describe("RoomConnection voice", () => {
  it("sends a voice frame as VOICE, and emits relayed frames and moderation mutes", async () => {
    const { room, first } = await joined();
    const heard: unknown[] = [];
    room.on("voice", (m) => heard.push({ ...m, payload: [...m.payload] }));
    room.on("voice-state", (m) => heard.push(m));
    expect(room.sendVoice({ seq: 7, channel: 1, end: false, payload: Uint8Array.of(9, 8) })).toBe(
      true,
    );
    const sent = decodeClientMessage(first.sent.at(-1)!, arenaGame.input.bytes);
    expect(sent).toMatchObject({
      ok: true,
      value: { type: "voice", seq: 7, channel: 1, end: false },
    });
    const deliver = (bytes: Uint8Array) =>
      first.onmessage?.({
        data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      });
    deliver(relayedVoiceFrame(2, { seq: 3, channel: 0, end: true, payload: Uint8Array.of(1) }));
    const w = new ByteWriter();
    encodeVoiceState(w, 4, true);
    deliver(w.toBytes());
    expect(heard).toEqual([
      { type: "voice", speaker: 2, seq: 3, channel: 0, end: true, payload: [1] },
      { type: "voice-state", playerId: 4, muted: true },
    ]);
    first.drop(CLOSE.IDLE_TIMEOUT.code);
    // While the link is being resumed a frame is dropped: late audio is worth nothing.
    expect(room.sendVoice({ seq: 8, channel: 1, end: true, payload: new Uint8Array(0) })).toBe(
      false,
    );
    room.close();
  });
});

describe("RoomConnection over a simulated link", () => {
  it("holds what it sends and what it receives for the link's latency, each way", async () => {
    const clock = handClock();
    try {
      const { room, first } = await joined(undefined, { latencyMs: 100 });
      const voiceSent = () =>
        first.sent.filter((b) => {
          const m = decodeClientMessage(b, arenaGame.input.bytes);
          return m.ok && m.value.type === "voice";
        }).length;
      const heard: unknown[] = [];
      room.on("voice-state", (m) => heard.push(m));
      expect(room.sendVoice({ seq: 1, channel: 1, end: true, payload: Uint8Array.of(5) })).toBe(
        true,
      );
      const w = new ByteWriter();
      encodeVoiceState(w, 4, true);
      const bytes = w.toBytes();
      first.onmessage?.({
        data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      });
      // Polls every 8 ms here: at 96 ms both frames are still on their way, at 104 ms in.
      clock.run(96);
      expect([voiceSent(), heard.length]).toEqual([0, 0]);
      clock.run(8);
      expect([voiceSent(), heard]).toEqual([
        1,
        [{ type: "voice-state", playerId: 4, muted: true }],
      ]);
      room.close();
    } finally {
      clock.restore();
    }
  });
});
