// Fair play end to end in one process: real NetClients against the room core over seeded
// simulated links (campaigns.ts). Each scripted cheater is caught within the stated time and
// the honest player beside it never; honest players over a 300 ms, 50 ms jitter, 5% loss
// network (half of them with snapshots lost, duplicated and reordered) are never struck at
// all; escalation climbs log → flag → kick → ban on one account across rejoins.
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { RpcClient } from "../../shared/rpc/index.js";
import { NetHarness } from "../support/netcode-harness.js";
import { CHEAT_LINK, CHEATS, runCheatCampaigns, runHonestCampaign } from "./campaigns.js";
import { DUEL_RPCS, duelGame, Runner, runnerOf, spawnOf } from "./duel-game.js";

const calls = new RpcClient(DUEL_RPCS);

/** Every detector catches its cheat within this, ms from the cheat's start. */
const STATED_CATCH_MS = 10_000;
/** Honest sessions in CI (FAIRPLAY_SESSIONS for a longer campaign; the bench runs 100). */
const HONEST_SESSIONS = Number(process.env.FAIRPLAY_SESSIONS ?? 12);

describe("scripted cheaters", () => {
  const results = runCheatCampaigns({ seeds: 3 });

  it("tries a cheat for every detector", () => {
    expect(results.map((r) => r.name).sort()).toEqual(CHEATS.map((c) => c.detector).sort());
    expect(results.map((r) => r.name)).toHaveLength(8);
  });

  for (const cheat of CHEATS) {
    it(`catches ${cheat.detector} within ${STATED_CATCH_MS / 1000} s, and never the honest player beside it`, () => {
      const r = results.find((x) => x.name === cheat.detector)!;
      expect(r.cheatsCaught).toBe(r.cheatsTried);
      for (const ms of r.msToCatch) expect(ms).toBeLessThanOrEqual(STATED_CATCH_MS);
      expect(r.honestVerdicts).toBe(0);
    });
  }
});

describe("honest players on a bad network", () => {
  it(`are never struck over ${HONEST_SESSIONS} seeded sessions`, () => {
    const r = runHonestCampaign({ sessions: HONEST_SESSIONS, seed: 7 });
    expect(r.falsePositives).toBe(0);
    // Not one strike, below any offence: the thresholds are not what keeps them clean.
    expect(r.strikes).toBe(0);
  });
});

describe("escalation", () => {
  it("logs, flags, kicks, then bans an account that keeps cheating across rejoins", () => {
    const h = new NetHarness(duelGame, { ...CHEAT_LINK, seed: 3 });
    const account = "acc_speeder";
    const codes: number[] = [];
    let x = 0;
    let c = h.join("speeder", { accountId: account });
    for (let ms = 0; ms < 40_000 && codes.length < 2; ms += 33) {
      h.step(33);
      const id = c.net.session.welcome?.playerId;
      if (c.closed) {
        codes.push(c.closeCode!);
        if (codes.length < 2) {
          c = h.join("speeder", { accountId: account });
          x = 0;
        }
        continue;
      }
      if (id === undefined) continue;
      // Twice the top speed, back and forth along the spawn row.
      const from = spawnOf(id);
      x = (x + 16) % 600;
      c.net.setInput({ x: from.x + Math.abs(300 - x), y: from.y, buttons: 0 });
    }
    expect(h.verdicts.map((v) => v.step)).toEqual(["log", "flag", "kick", "ban"]);
    expect(h.verdicts.every((v) => v.accountId === account)).toBe(true);
    expect(h.verdicts.map((v) => v.offences)).toEqual([1, 2, 3, 4]);
    expect(h.verdicts[3]!.banMinutes).toBe(60);
    // The kick closes with 4200, the ban with 4106; the reason names the detector.
    expect(codes).toEqual([CLOSE.KICKED.code, CLOSE.BANNED.code]);
    expect(c.closed).toContain("fair play: speed");
    // Evidence: what was measured against what limit.
    const e = h.verdicts[0]!.evidence;
    expect(e.detector).toBe("speed");
    expect(e.measured).toBeGreaterThan(e.limit);
    expect(e.unit).toBe("units/s");
  });
});

describe("input validation", () => {
  it("applies the idle input in place of a refused one: the claim off the field never lands", () => {
    const h = new NetHarness(duelGame, { seed: 5 });
    const c = h.join("a");
    h.step(1000);
    const id = c.net.session.welcome!.playerId;
    const e = runnerOf(h.room.world, id);
    c.net.setInput({ x: 4000, y: 500, buttons: 0 });
    h.step(500);
    const pos = h.room.world.store(Runner).pos;
    expect(pos.x[e]).toBe(spawnOf(id).x);
    // The link is not cut for it (a decodable input is the game's to judge): strikes are.
    expect(c.closed).toBeUndefined();
    expect(h.room.fairPlay!.strikes).toBeGreaterThan(0);
  });
});

describe("a sped-up client", () => {
  it("is caught by what its cheat trips first: views ahead of the room, and its rate of fire", () => {
    const h = new NetHarness(duelGame, { ...CHEAT_LINK, seed: 9 });
    const c = h.join("fast", { accountId: "acc_fast", clockRate: 1.5 });
    const w = new ByteWriter();
    let next = 0;
    for (let ms = 0; ms < 20_000 && !c.closed; ms += 10) {
      h.step(10);
      const t = h.clientTime(c);
      if (c.net.session.welcome === undefined || t < next) continue;
      // Its own clock fires three a second: four and a half in the room's time.
      next = t + 1000 / 3;
      c.net.render(t);
      if (!Number.isFinite(c.net.renderTick)) continue;
      w.reset();
      calls.writeCall("fire", { view: Math.floor(c.net.renderTick * 16), dirX: 1000, dirY: 0 }, w);
      h.sendRaw(c, w.view());
    }
    const detectors = new Set(h.verdicts.map((v) => v.evidence.detector));
    // Its clock draws ticks the room has not run, and fires faster in the room's time; the
    // input-rate detector needs longer (its slack is three seconds of inputs) and the kick
    // comes first.
    expect([...detectors].sort()).toEqual(["actionRate", "clock"]);
    expect(h.verdicts.map((v) => v.step)).toEqual(["log", "flag", "kick"]);
    expect(c.closeCode).toBe(CLOSE.KICKED.code);
  });
});
