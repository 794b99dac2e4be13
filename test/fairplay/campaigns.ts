// The fair-play campaigns: scripted cheaters, one per detector, and honest players over a bad
// network, all real NetClients (the client package) against the real room core over seeded
// simulated links on a manual clock (test/support/netcode-harness.ts). A cheater plays
// honestly for two seconds, then cheats; it is caught when the room reaches a verdict on its
// account for that detector. Honest players run, turn and fire at the top of what the game
// allows; any verdict on one of them is a false positive. Shared by the tests beside this
// file and `npm run bench:fairplay`.

import type { SimulatedLinkOptions } from "../../client/src/simulated-link.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import type { DetectorName } from "../../shared/fairplay/fair-play-rules.js";
import { mulberry32 } from "../../shared/random/mulberry32.js";
import type { RoomOptions } from "../../shared/room/room-options.js";
import { RpcClient } from "../../shared/rpc/index.js";
import {
  type HarnessClient,
  NetHarness,
  type NetHarnessOptions,
} from "../support/netcode-harness.js";
import {
  DUEL_RPCS,
  type DuelInput,
  duelGame,
  FIELD,
  FIRE_RATE,
  MAX_SPEED,
  spawnOf,
  TICK_RATE,
} from "./duel-game.js";

/** How often bots act, ms (the harness runs in between, 1 ms at a time). */
const ACT_MS = 5;
/** A cheater plays honestly this long before it cheats, ms. */
export const HONEST_START_MS = 2000;
/** A cheat not caught within this long counts as missed, ms. */
export const CATCH_LIMIT_MS = 20_000;

/** A 100 ms round trip with a little jitter and loss: where cheaters are tried. */
export const CHEAT_LINK: Pick<NetHarnessOptions, "up" | "down"> = {
  up: { latencyMs: 50, jitterMs: 10, loss: 0.01 },
  down: { latencyMs: 50, jitterMs: 10, loss: 0.01 },
};

/** The bad network of the issue: 300 ms round trip, 50 ms jitter, 5% loss. */
const BAD: SimulatedLinkOptions = { latencyMs: 150, jitterMs: 50, loss: 0.05 };

const calls = new RpcClient(DUEL_RPCS);

/** A player that runs a steered path and fires at the rate the game allows. */
class Bot {
  readonly client: HarnessClient<DuelInput>;
  readonly #random: () => number;
  x = 0;
  y = 0;
  #heading: number;
  /** The client's next input sequence when the bot last acted (undefined before it played). */
  #seq: number | undefined;
  #nextShot = 0;
  /** Multiplies the top speed (honest: at the top speed; a speed cheat: > 1). */
  speed = 1;
  /** Between shots, ms of the bot's own clock (honest: as fast as the weapon allows). */
  fireEveryMs = 1000 / FIRE_RATE;
  /** Added to the view tick a shot claims (a clock cheat: > 0). */
  viewAhead = 0;
  /** Buttons held (an input cheat sets ones the game does not have). */
  buttons = 0;

  constructor(client: HarnessClient<DuelInput>, seed: number) {
    this.client = client;
    this.#random = mulberry32(seed);
    this.#heading = this.#random() * Math.PI * 2;
  }

  get playerId(): number | undefined {
    return this.client.net.session.welcome?.playerId;
  }

  /**
   * Moves and maybe fires at the bot's clock; `h` sends the shot. Like a game's fixed step, the
   * path advances one tick's move per input the client records (its next sequence moved on),
   * whatever the client's clock does meanwhile (it speeds up or slows down by up to 10% to
   * keep its inputs arriving in time).
   */
  act(h: NetHarness<DuelInput>): void {
    const id = this.playerId;
    if (id === undefined || this.client.closed) return;
    const t = h.clientTime(this.client);
    const seq = this.client.net.session.nextSeq;
    if (this.#seq === undefined) {
      ({ x: this.x, y: this.y } = spawnOf(id));
      this.#nextShot = t + this.fireEveryMs;
    } else if (seq !== this.#seq) this.#move();
    this.#seq = seq;
    this.client.net.setInput({ x: this.x, y: this.y, buttons: this.buttons });
    if (t >= this.#nextShot) {
      this.#nextShot = t + this.fireEveryMs;
      this.fire(h, t);
    }
  }

  /** One tick's move along the steered path. */
  #move(): void {
    this.#heading += (this.#random() - 0.5) * 0.4;
    const step = (this.speed * MAX_SPEED) / TICK_RATE;
    this.x += Math.cos(this.#heading) * step;
    this.y += Math.sin(this.#heading) * step;
    // Turn back at the edges (the path never leaves the field).
    if (this.x < 20 || this.x > FIELD - 20 || this.y < 20 || this.y > FIELD - 20) {
      this.#heading = Math.atan2(FIELD / 2 - this.y, FIELD / 2 - this.x);
      this.x = Math.min(FIELD - 20, Math.max(20, this.x));
      this.y = Math.min(FIELD - 20, Math.max(20, this.y));
    }
  }

  /** Sends `fire` with the tick the bot's screen draws. */
  fire(h: NetHarness<DuelInput>, t: number): void {
    const net = this.client.net;
    net.render(t);
    const view = net.renderTick;
    if (!Number.isFinite(view)) return;
    const w = new ByteWriter();
    const aim = this.#random() * Math.PI * 2;
    const args = {
      view: Math.max(0, Math.floor((view + this.viewAhead) * 16)),
      dirX: Math.round(Math.cos(aim) * 1000),
      dirY: Math.round(Math.sin(aim) * 1000),
    };
    calls.writeCall("fire", args, w);
    // As RoomConnection sends a call: behind the newest acknowledgement.
    net.flushAck();
    h.sendRaw(this.client, w.view());
  }
}

/** A cheat: how the cheater joins, and what it does once cheating. */
interface Cheat {
  readonly detector: DetectorName;
  /** The cheater's clock rate (an input-rate cheat). */
  readonly clockRate?: number;
  /** Bot settings while honest (before the cheat starts). */
  readonly prepare?: (bot: Bot) => void;
  /** Starts cheating. */
  readonly start?: (bot: Bot) => void;
  /** Called every ACT_MS while cheating; `ms` since the cheat started. */
  readonly act?: (bot: Bot, h: NetHarness<DuelInput>, ms: number, state: { n: number }) => void;
}

/** A call whose arguments are cut short: the room refuses it (BAD_ARGUMENTS). */
function brokenCall(): Uint8Array {
  const w = new ByteWriter();
  calls.writeCall("fire", { view: 0, dirX: 1, dirY: 0 }, w);
  return w.view().slice(0, -3);
}

/** One cheat per detector. */
export const CHEATS: readonly Cheat[] = [
  // Runs 60% faster than the game's top speed (a client-authored position).
  {
    detector: "speed",
    start: (b) => {
      b.speed = 1.6;
    },
  },
  // Jumps 400 units (the top speed covers 240 a second) every 1.5 s.
  {
    detector: "teleport",
    act: (b, _h, ms, s) => {
      if (ms < s.n * 1500) return;
      s.n++;
      b.x = b.x > FIELD / 2 ? b.x - 400 : b.x + 400;
    },
  },
  // Fires 16 times a second; the weapon allows 3.
  {
    detector: "actionRate",
    start: (b) => {
      b.fireEveryMs = 60;
    },
  },
  // Its game clock runs 50% fast (a speed hack): more inputs than ticks. It walks slowly so
  // its positions stay within the top speed at the room's pace, and holds its fire: its shots
  // would come too often and from a view ahead of the room, and other detectors would catch it
  // first (they do: see fair-play.test.ts).
  {
    detector: "inputRate",
    clockRate: 1.5,
    prepare: (b) => {
      b.speed = 0.5;
      b.fireEveryMs = Number.POSITIVE_INFINITY;
    },
  },
  // Claims to see a second into the future when it fires (to beat the rewind's clamp).
  {
    detector: "clock",
    start: (b) => {
      b.viewAhead = 30;
    },
  },
  // Sends 40 calls a second the room refuses.
  {
    detector: "rpcSpam",
    act: (b, h, ms, s) => {
      for (; s.n * 25 <= ms; s.n++) h.sendRaw(b.client, brokenCall());
    },
  },
  // Holds buttons the game does not have.
  {
    detector: "invalidInput",
    start: (b) => {
      b.buttons = 0x82;
    },
  },
  // Sends a frame no protocol knows; rejoins with the same account and does it again.
  {
    detector: "protocol",
    act: (b, h, ms, s) => {
      if (ms >= s.n * 700 && !b.client.closed) {
        s.n++;
        h.sendRaw(b.client, Uint8Array.of(0xee, 1, 2, 3));
      }
    },
  },
];

/** What one cheat's tries gave. */
export interface CheatCampaignResult {
  readonly name: string;
  readonly cheatsTried: number;
  readonly cheatsCaught: number;
  /** Time from the cheat's start to its first verdict, ms, for each caught try. */
  readonly msToCatch: readonly number[];
  /** Verdicts on the honest player beside the cheater (goal: none). */
  readonly honestVerdicts: number;
}

/** Tries `cheat` once with `seed`; the time to catch it, or undefined. */
function tryCheat(cheat: Cheat, seed: number): { caughtMs?: number; honestVerdicts: number } {
  const h = new NetHarness(duelGame, { ...CHEAT_LINK, seed });
  const honest = new Bot(h.join("honest", { accountId: "acc_honest" }), seed * 7 + 1);
  const account = "acc_cheater";
  const join = () =>
    new Bot(
      h.join("cheater", { accountId: account, clockRate: cheat.clockRate ?? 1 }),
      seed * 7 + 2,
    );
  let cheater = join();
  cheat.prepare?.(cheater);
  const startAt = h.now + HONEST_START_MS;
  let started = false;
  const state = { n: 0 };
  let caughtMs: number | undefined;
  while (h.now < startAt + CATCH_LIMIT_MS && caughtMs === undefined) {
    h.step(ACT_MS);
    if (!started && h.now >= startAt) {
      started = true;
      cheat.start?.(cheater);
    }
    // A protocol cheater whose socket was closed comes back on the same account.
    if (cheater.client.closed && cheat.detector === "protocol") {
      cheater = join();
      cheat.prepare?.(cheater);
    }
    honest.act(h);
    cheater.act(h);
    if (started) cheat.act?.(cheater, h, h.now - startAt, state);
    const v = h.verdicts.find(
      (x) => x.accountId === account && x.evidence.detector === cheat.detector,
    );
    if (v) caughtMs = v.at - startAt;
  }
  const honestVerdicts = h.verdicts.filter((v) => v.accountId === "acc_honest").length;
  return { ...(caughtMs === undefined ? {} : { caughtMs }), honestVerdicts };
}

/** Tries every cheat `seeds` times. */
export function runCheatCampaigns(options: { seeds: number }): CheatCampaignResult[] {
  return CHEATS.map((cheat) => {
    const msToCatch: number[] = [];
    let honestVerdicts = 0;
    for (let seed = 1; seed <= options.seeds; seed++) {
      const r = tryCheat(cheat, seed);
      if (r.caughtMs !== undefined) msToCatch.push(r.caughtMs);
      honestVerdicts += r.honestVerdicts;
    }
    return {
      name: cheat.detector,
      cheatsTried: options.seeds,
      cheatsCaught: msToCatch.length,
      msToCatch,
      honestVerdicts,
    };
  });
}

/** What honest sessions gave. */
export interface HonestCampaignResult {
  readonly sessions: number;
  /** Players in each session. */
  readonly players: number;
  /** Seconds each session ran. */
  readonly seconds: number;
  /** Verdicts (offences) on honest players: goal 0. */
  readonly falsePositives: number;
  /** Strikes on honest players (below any offence): how close they came. */
  readonly strikes: number;
}

/**
 * Honest players over the bad network: half the sessions on a reliable stream (loss becomes
 * retransmission delay), half with SNAPSHOTs on an unreliable channel that loses, duplicates
 * and reorders them.
 */
export function runHonestCampaign(options: {
  sessions: number;
  seed: number;
  seconds?: number;
  players?: number;
  /** The game played (the duel, or a variant of its rules). */
  game?: typeof duelGame;
}): HonestCampaignResult {
  const seconds = options.seconds ?? 30;
  const players = options.players ?? 4;
  let falsePositives = 0;
  let strikes = 0;
  for (let i = 0; i < options.sessions; i++) {
    const seed = options.seed * 1000 + i;
    const unordered = i % 2 === 1;
    const room: RoomOptions = unordered ? { snapshotChannel: "unreliable" } : {};
    const h = new NetHarness(options.game ?? duelGame, {
      up: BAD,
      down: BAD,
      ...(unordered ? { downUnreliable: { ...BAD, ordered: false, duplicate: 0.01 } } : {}),
      room,
      seed,
    });
    const bots: Bot[] = [];
    for (let p = 0; p < players; p++)
      bots.push(new Bot(h.join(`honest${p}`, { accountId: `acc_honest_${p}` }), seed * 31 + p));
    const end = h.now + seconds * 1000;
    while (h.now < end) {
      h.step(ACT_MS);
      for (const b of bots) b.act(h);
    }
    falsePositives += h.verdicts.length;
    strikes += h.room.fairPlay?.strikes ?? 0;
  }
  return { sessions: options.sessions, players, seconds, falsePositives, strikes };
}
