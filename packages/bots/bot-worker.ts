// A worker thread of runBots: plays its slice of the bots and posts its tally once a second
// and once more, final, after a "stop" from the main thread. Thin: the work is BotFleet's.

import { parentPort, workerData } from "node:worker_threads";
import { BotFleet, type FleetSlice } from "./bot-fleet.js";
import { loadGame } from "./bot-games.js";
import type { ResolvedBotsOptions } from "./bots-options.js";
import type { BotTally } from "./bots-report.js";

/** What the main thread hands a worker. */
export interface BotWorkerData {
  readonly options: ResolvedBotsOptions;
  readonly slice: FleetSlice;
}

/** Main thread → worker. */
export type ToBotWorker = { readonly type: "stop" };

/** Worker → main thread. */
export type FromBotWorker =
  | { readonly type: "ready" }
  | { readonly type: "tally"; readonly tally: BotTally }
  | { readonly type: "final"; readonly tally: BotTally }
  | { readonly type: "error"; readonly message: string };

const port = parentPort!;
const { options, slice } = workerData as BotWorkerData;

/** How often the live tally goes to the main thread, ms. */
const TALLY_EVERY_MS = 1000;

async function main(): Promise<void> {
  const game = await loadGame(options.game, options.module);
  const fleet = new BotFleet(game, options, slice);
  post({ type: "ready" });
  const ticker = setInterval(() => post({ type: "tally", tally: fleet.tally() }), TALLY_EVERY_MS);
  port.on("message", (message: ToBotWorker) => {
    if (message.type !== "stop") return;
    clearInterval(ticker);
    fleet.stop();
    post({ type: "final", tally: fleet.tally() });
    port.close();
  });
  await fleet.start();
}

function post(message: FromBotWorker): void {
  port.postMessage(message);
}

main().catch((e: unknown) =>
  post({ type: "error", message: e instanceof Error ? e.message : String(e) }),
);
