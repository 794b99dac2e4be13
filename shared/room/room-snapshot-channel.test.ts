// The room's snapshotChannel: SNAPSHOTs on the unreliable channel, built on what each client
// acknowledged; everything else reliable; and the option's validation.
import { describe, expect, it } from "vitest";
import { arenaGame } from "../../games/arena/index.js";
import { ByteWriter } from "../codec/byte-writer.js";
import type { Channel } from "../protocol/channel.js";
import { encodeHello, encodeInputHeader, NO_TICK_ACK } from "../protocol/client-messages.js";
import { decodeServerMessage } from "../protocol/server-messages.js";
import { RoomCore } from "./room-core.js";
import { resolveRoomOptions } from "./room-options.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";

/** What the room sent: message type (update kind for a SNAPSHOT) and channel. */
class ChannelLog implements RoomSink {
  readonly sent: { conn: ConnectionId; what: string; channel: Channel }[] = [];
  readonly closes: number[] = [];

  send(conn: ConnectionId, bytes: Uint8Array, channel: Channel = "reliable"): void {
    const m = decodeServerMessage(bytes.slice());
    if (!m.ok) throw new Error(m.error);
    const kinds = ["full", "delta", "baseline"];
    const what =
      m.value.type === "snapshot" ? `snapshot ${kinds[m.value.update[0]! & 0b11]}` : m.value.type;
    this.sent.push({ conn, what, channel });
  }

  close(_conn: ConnectionId, code: number): void {
    this.closes.push(code);
  }

  setTicking(): void {}
}

function frame(write: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter();
  write(w);
  return w.toBytes();
}

/** A room of `snapshotChannel` with one player (conn "a"), advanced `ticks` ticks. */
function room(snapshotChannel: Channel | undefined) {
  const log = new ChannelLog();
  const core = new RoomCore(arenaGame, "r", log, { snapshotChannel });
  let now = 1_000;
  const { name: game, schema } = arenaGame;
  core.open("a", now);
  const hello = { game, schema: schema.fingerprint, name: "ada", token: "", resume: "" };
  core.receive(
    "a",
    frame((w) => encodeHello(w, hello)),
    now,
  );
  let seq = 0;
  return {
    log,
    core,
    tick(ticks = 1) {
      for (let i = 0; i < ticks; i++) {
        now += core.tickIntervalMs;
        core.update(now);
      }
    },
    /** An INPUT acknowledging `tick` (NO_TICK_ACK: none). */
    ack(tick: number) {
      const input = (w: ByteWriter) => {
        encodeInputHeader(w, tick, seq++, 1);
        w.u8(0);
      };
      core.receive("a", frame(input), now);
    },
  };
}

describe("RoomOptions.snapshotChannel", () => {
  it("sends SNAPSHOTs unreliable and the control messages reliable", () => {
    const r = room("unreliable");
    r.tick(3);
    r.ack(NO_TICK_ACK); // an input (acknowledging nothing) has no answer
    const channels = new Map(r.log.sent.map((s) => [s.what.split(" ")[0], s.channel]));
    expect(Object.fromEntries(channels)).toEqual({
      welcome: "reliable",
      "player-joined": "reliable",
      snapshot: "unreliable",
    });
  });

  it("builds each update on the last tick the client acknowledged, FULL until it has", () => {
    const r = room("unreliable");
    const kinds = () => r.log.sent.filter((s) => s.what.startsWith("snapshot")).map((s) => s.what);
    r.tick(3); // ticks 0, 1, 2: nothing acknowledged
    r.ack(1); // the client applied tick 1 (2 was lost, say)
    r.tick(); // tick 3 on 1: a BASELINE (1 → 3)
    r.ack(3);
    r.tick(); // tick 4 on 3: a DELTA
    expect(kinds()).toEqual([
      "snapshot full",
      "snapshot full",
      "snapshot full",
      "snapshot baseline",
      "snapshot delta",
    ]);
    expect(r.core.tick).toBe(4);
  });

  it("keeps the reliable room's updates on the last one sent, on the reliable channel", () => {
    const r = room(undefined);
    r.tick(3);
    const snapshots = r.log.sent.filter((s) => s.what.startsWith("snapshot"));
    expect(snapshots.map((s) => `${s.what} ${s.channel}`)).toEqual([
      "snapshot full reliable",
      "snapshot delta reliable",
      "snapshot delta reliable",
    ]);
  });

  it("gives no byte budget with unreliable snapshots, so setting one never throws", () => {
    const r = room("unreliable");
    expect(() => r.core.setClientBudget(1, 2048)).not.toThrow();
    r.tick(2);
    expect(r.log.closes).toEqual([]);
  });

  it("refuses a channel that does not exist, naming the field", () => {
    expect(resolveRoomOptions({}).snapshotChannel).toBe("reliable");
    expect(resolveRoomOptions({ snapshotChannel: "unreliable" }).snapshotChannel).toBe(
      "unreliable",
    );
    const bad = { snapshotChannel: "lossy" as Channel };
    expect(() => resolveRoomOptions(bad)).toThrow(
      'room.snapshotChannel must be "reliable" or "unreliable", got "lossy"',
    );
  });
});
