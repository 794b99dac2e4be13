import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { arenaGame } from "../../shared/game/arena/arena-game.js";
import type { ArenaInput } from "../../shared/game/arena/arena-input.js";
import { ARENA_STATE_CODEC, type ArenaState } from "../../shared/game/arena/arena-state.js";
import { decodeClientMessage, type InputMessage } from "../../shared/protocol/client-messages.js";
import {
  encodePlayerJoined,
  encodePlayerLeft,
  encodePong,
  encodeSnapshotHeader,
  encodeWelcome,
  NO_INPUT_ACK,
} from "../../shared/protocol/server-messages.js";
import { ClientSession } from "./client-session.js";

const session = (maxInputsPerFrame = 8) =>
  new ClientSession<ArenaState, ArenaInput>(arenaGame, maxInputsPerFrame);

const frame = (write: (w: ByteWriter) => void) => {
  const w = new ByteWriter();
  write(w);
  return w.toBytes();
};

const STATE: ArenaState = {
  ships: [{ playerId: 1, x: 100, y: 200, angle: 0.5, vx: 1.5, vy: -2 }],
};

function snapshot(tick: number, ackSeq: number, state: ArenaState = STATE): Uint8Array {
  return frame((w) => {
    encodeSnapshotHeader(w, tick, ackSeq);
    ARENA_STATE_CODEC.encode(state, w);
  });
}

/** Decodes a session's INPUT frame with the protocol's own decoder. */
function inputsOf(bytes: Uint8Array | undefined): InputMessage | undefined {
  if (bytes === undefined) return undefined;
  const decoded = decodeClientMessage(bytes, arenaGame.input.bytes);
  if (!decoded.ok || decoded.value.type !== "input") throw new Error("not an INPUT frame");
  return decoded.value;
}

describe("ClientSession handshake and pings", () => {
  it("writes the HELLO of the protocol", () => {
    // 01 | version 0100 | name 03 "ada" | token 0000
    expect(Buffer.from(session().hello("ada", "")).toString("hex")).toBe("01010003616461" + "0000");
  });

  it("keeps each frame it returns intact after building the next one", () => {
    const s = session();
    const hello = s.hello("ada", "tk");
    s.ping(5);
    expect(decodeClientMessage(hello, 1)).toMatchObject({ ok: true, value: { name: "ada" } });
  });

  it("records the WELCOME it receives", () => {
    const s = session();
    expect(s.welcome).toBeUndefined();
    const welcome = {
      version: 1,
      playerId: 3,
      tickRate: 20,
      tick: 40,
      serverTime: 1234.5,
      roomId: "lobby",
    };
    expect(
      s.receive(
        frame((w) => encodeWelcome(w, welcome)),
        0,
      ).ok,
    ).toBe(true);
    expect(s.welcome).toEqual({ type: "welcome", ...welcome });
  });

  it("measures the round-trip time from a PONG echoing its PING", () => {
    const s = session();
    expect(s.rtt).toBeUndefined();
    const ping = decodeClientMessage(s.ping(10_000), 1);
    expect(ping).toEqual({ ok: true, value: { type: "ping", clientTime: 10_000 } });
    s.receive(
      frame((w) => encodePong(w, 10_000, 99)),
      10_037,
    );
    expect(s.rtt).toBe(37);
  });

  it("measures the round-trip time modulo 2^32 when the clock wraps between ping and pong", () => {
    const s = session();
    const sent = 2 ** 32 - 10;
    const ping = decodeClientMessage(s.ping(sent), 1);
    expect(ping).toEqual({ ok: true, value: { type: "ping", clientTime: 0xffff_fff6 } });
    // Received 25 ms later at 2^32 + 15: (15 - 0xfffffff6) mod 2^32 = 25.
    s.receive(
      frame((w) => encodePong(w, 0xffff_fff6, 0)),
      sent + 25,
    );
    expect(s.rtt).toBe(25);
  });

  it("measures the round-trip time with Date.now()-sized clocks", () => {
    const s = session();
    const sent = 1_760_000_000_000;
    const ping = decodeClientMessage(s.ping(sent), 1);
    const clientTime = ping.ok && ping.value.type === "ping" ? ping.value.clientTime : -1;
    expect(clientTime).toBe(sent % 2 ** 32);
    s.receive(
      frame((w) => encodePong(w, clientTime, 0)),
      sent + 120,
    );
    expect(s.rtt).toBe(120);
  });
});

describe("ClientSession INPUT frames", () => {
  it("sends nothing before any input is recorded", () => {
    expect(session().inputFrame()).toBeUndefined();
  });

  it("sends every input from sequence 0 while none is acknowledged", () => {
    const s = session();
    expect([s.record({ buttons: 1 }), s.record({ buttons: 2 }), s.record({ buttons: 4 })]).toEqual([
      0, 1, 2,
    ]);
    expect(inputsOf(s.inputFrame())).toEqual({
      type: "input",
      firstSeq: 0,
      count: 3,
      inputs: Uint8Array.of(1, 2, 4),
    });
  });

  it("repeats the same unacknowledged inputs in every frame until a snapshot acknowledges them", () => {
    const s = session();
    s.record({ buttons: 1 });
    s.record({ buttons: 2 });
    expect(inputsOf(s.inputFrame())).toEqual(inputsOf(s.inputFrame()));
    expect(inputsOf(s.inputFrame())?.count).toBe(2);
  });

  it("caps a frame at maxInputsPerFrame, keeping the newest inputs", () => {
    const s = session(4);
    for (let b = 0; b < 10; b++) s.record({ buttons: b });
    // 10 recorded (0..9), none acked, at most 4 per frame: 6, 7, 8, 9.
    expect(inputsOf(s.inputFrame())).toEqual({
      type: "input",
      firstSeq: 6,
      count: 4,
      inputs: Uint8Array.of(6, 7, 8, 9),
    });
  });

  it("starts a frame at ackSeq + 1 after a snapshot acknowledges inputs", () => {
    const s = session();
    for (let b = 0; b < 6; b++) s.record({ buttons: b });
    s.receive(snapshot(1, 3), 0);
    expect(inputsOf(s.inputFrame())).toEqual({
      type: "input",
      firstSeq: 4,
      count: 2,
      inputs: Uint8Array.of(4, 5),
    });
  });

  it("sends nothing once every input is acknowledged, and the next input alone after that", () => {
    const s = session();
    for (let b = 0; b < 3; b++) s.record({ buttons: b });
    s.receive(snapshot(1, 2), 0);
    expect(s.inputFrame()).toBeUndefined();
    s.record({ buttons: 0b1000 });
    expect(inputsOf(s.inputFrame())).toEqual({
      type: "input",
      firstSeq: 3,
      count: 1,
      inputs: Uint8Array.of(0b1000),
    });
  });

  it("carries exactly the unacknowledged inputs, capped, for any run of records and acks", () => {
    const step = fc.oneof(
      fc.integer({ min: 0, max: 15 }).map((buttons) => ({ record: buttons })),
      fc.nat(80).map((ack) => ({ ack })),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 32 }),
        fc.array(step, { maxLength: 80 }),
        (max, steps) => {
          const s = session(max);
          const recorded: number[] = [];
          let ack = NO_INPUT_ACK;
          for (const st of steps) {
            if ("record" in st) {
              s.record({ buttons: st.record });
              recorded.push(st.record);
            } else if (st.ack < recorded.length) {
              // The server only acknowledges inputs it was sent, in order.
              ack = ack === NO_INPUT_ACK ? st.ack : Math.max(ack, st.ack);
              s.receive(snapshot(1, ack), 0);
            }
            const firstUnacked = ack === NO_INPUT_ACK ? 0 : ack + 1;
            const from = Math.max(firstUnacked, recorded.length - max);
            const msg = inputsOf(s.inputFrame());
            if (from >= recorded.length) {
              expect(msg).toBeUndefined();
            } else {
              expect(msg).toEqual({
                type: "input",
                firstSeq: from,
                count: recorded.length - from,
                inputs: Uint8Array.from(recorded.slice(from)),
              });
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("ClientSession server frames", () => {
  it("applies a snapshot's state, tick and ackSeq", () => {
    const s = session();
    expect([s.state, s.tick, s.ackSeq]).toEqual([undefined, -1, NO_INPUT_ACK]);
    const result = s.receive(snapshot(42, 7), 0);
    expect(result.ok).toBe(true);
    expect(s.state).toEqual(STATE);
    expect(s.tick).toBe(42);
    expect(s.ackSeq).toBe(7);
  });

  it("refuses malformed frames without changing its state", () => {
    const s = session();
    s.receive(snapshot(5, 1), 0);
    s.receive(
      frame((w) => encodePlayerJoined(w, 1, "ada")),
      0,
    );
    const other: ArenaState = { ships: [] };
    const valid = snapshot(6, 2, other);
    const doctored = [
      new Uint8Array(0), // empty
      Uint8Array.of(0x46, 0, 0), // unknown type
      valid.subarray(0, 8), // header cut short
      valid.subarray(0, 10), // state count cut short
      snapshot(6, 2).subarray(0, 20), // a ship cut short
      Uint8Array.of(...valid, 0x00), // trailing byte after the state
      frame((w) => encodePlayerJoined(w, 2, "bo")).subarray(0, 5), // name cut short
      Uint8Array.of(0x44, 0x01, 0x00, 0xff), // PLAYER_LEFT with a trailing byte
      Uint8Array.of(0x45, 1, 0, 0, 0), // PONG without serverTime
    ];
    for (const bytes of doctored) {
      expect(s.receive(bytes, 1000).ok, Buffer.from(bytes).toString("hex")).toBe(false);
      expect(s.state).toEqual(STATE);
      expect(s.tick).toBe(5);
      expect(s.ackSeq).toBe(1);
      expect([...s.players]).toEqual([[1, "ada"]]);
      expect(s.rtt).toBeUndefined();
      expect(s.welcome).toBeUndefined();
    }
    // The undoctored neighbour is accepted.
    expect(s.receive(valid, 0).ok).toBe(true);
    expect(s.state).toEqual(other);
    expect(s.tick).toBe(6);
  });

  it("tracks players as they join and leave, itself included", () => {
    const s = session();
    s.receive(
      frame((w) => encodePlayerJoined(w, 1, "ada")),
      0,
    );
    s.receive(
      frame((w) => encodePlayerJoined(w, 2, "bo")),
      0,
    );
    s.receive(
      frame((w) => encodePlayerJoined(w, 3, "cy")),
      0,
    );
    expect([...s.players]).toEqual([
      [1, "ada"],
      [2, "bo"],
      [3, "cy"],
    ]);
    s.receive(
      frame((w) => encodePlayerLeft(w, 2)),
      0,
    );
    expect([...s.players]).toEqual([
      [1, "ada"],
      [3, "cy"],
    ]);
    // A departure of someone unknown changes nothing.
    expect(
      s.receive(
        frame((w) => encodePlayerLeft(w, 9)),
        0,
      ).ok,
    ).toBe(true);
    expect(s.players.size).toBe(2);
  });

  it("returns each decoded server message", () => {
    const s = session();
    expect(
      s.receive(
        frame((w) => encodePlayerLeft(w, 4)),
        0,
      ),
    ).toEqual({
      ok: true,
      value: { type: "player-left", playerId: 4 },
    });
  });
});
