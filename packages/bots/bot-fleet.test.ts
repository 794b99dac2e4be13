// The fleet's counting, driven through its BotEvents as a bot's connection would drive it
// (no server: the bots are never started).
import type { CloseInfo, NetStatsSample } from "@edgetick/client";
import { describe, expect, it } from "vitest";
import { arenaGame } from "../../games/arena/index.js";
import { BotFleet } from "./bot-fleet.js";
import type { AnyGame } from "./bot-games.js";
import { Bot } from "./bot-player.js";
import { resolveBotsOptions } from "./bots-options.js";

const OPTIONS = resolveBotsOptions(
  { url: "http://127.0.0.1:8787", game: "arena", bots: 1, seconds: 1 },
  1,
);

function fleet(): BotFleet {
  return new BotFleet(arenaGame as AnyGame, OPTIONS, {
    first: 0,
    count: 1,
    handshakes: 1,
    threads: 1,
  });
}

const DROP: CloseInfo = { code: 1006, reason: "", retryable: true };

function sample(
  at: number,
  rtt: number,
  bytesIn: number,
  bytesOut: number,
  messagesIn = 0,
  messagesOut = 0,
): NetStatsSample {
  return {
    at,
    rtt,
    bytesInPerSecond: bytesIn,
    bytesOutPerSecond: bytesOut,
    messagesInPerSecond: messagesIn,
    messagesOutPerSecond: messagesOut,
  } as NetStatsSample;
}

describe("bot fleet tally", () => {
  it("counts a drop by its close code and the resume that follows", () => {
    const f = fleet();
    const bot = new Bot(0, arenaGame.idleInput);
    f.state(bot, "connected", undefined);
    f.state(bot, "reconnecting", DROP);
    expect(f.tally()).toMatchObject({
      connected: 0,
      reconnecting: 1,
      unexpectedDisconnects: 1,
      disconnectsByCode: { "1006": 1 },
    });
    f.state(bot, "resumed", undefined);
    expect(f.tally()).toMatchObject({ connected: 1, reconnecting: 0, reconnects: 1 });
  });

  it("counts a final close as a failure, and nothing once stopped", () => {
    const f = fleet();
    const a = new Bot(0, arenaGame.idleInput);
    const b = new Bot(1, arenaGame.idleInput);
    f.state(a, "connected", undefined);
    f.state(b, "connected", undefined);
    f.state(a, "disconnected", { code: 4300, reason: "idle", retryable: false });
    f.stop();
    // The bots' own closes after the stop are not disconnects.
    f.state(b, "disconnected", { code: 1000, reason: "", retryable: false });
    expect(f.tally()).toMatchObject({
      connected: 1,
      failed: 1,
      unexpectedDisconnects: 1,
      disconnectsByCode: { "4300": 1 },
    });
  });

  it("adds bytes as rate × the time since the bot's previous sample, and skips RTTs not yet measured", () => {
    const f = fleet();
    const bot = new Bot(0, arenaGame.idleInput);
    f.stats(bot, sample(1000, 0, 500, 100));
    // 1.5 s after the first sample at 2,000 B/s in and 400 B/s out: 3,000 and 600 bytes.
    f.stats(bot, sample(2500, 4, 2000, 400));
    const t = f.tally();
    expect(t.bytesIn).toBe(3000);
    expect(t.bytesOut).toBe(600);
    expect(t.connectedSeconds).toBe(1.5);
    expect(t.rtt.reduce((n, c) => n + c, 0)).toBe(1);
    expect(t.bytesInPerSecond).toBe(2000);
  });

  it("counts each message's WebSocket frame: 2 bytes a small room frame, 6 a small masked bot frame", () => {
    const f = fleet();
    const bot = new Bot(0, arenaGame.idleInput);
    f.stats(bot, sample(1000, 0, 0, 0));
    // 20 frames of 100 B a second in (+2 B each: 2,040 B/s) and 10 of 40 B out (+6 B: 460 B/s),
    // for 1.5 s: 3,060 and 690 bytes.
    f.stats(bot, sample(2500, 4, 2000, 400, 20, 10));
    const t = f.tally();
    expect(t.bytesIn).toBe(3060);
    expect(t.bytesOut).toBe(690);
    expect(t.bytesInPerSecond).toBe(2040);
  });
});
