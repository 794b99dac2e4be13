// The listen host of the peer bench's migration run, in a process of its own so the bench
// can kill it as a host's machine or tab dies: no goodbye on its signaling socket or its data
// channels. Started by host-child.ts with one JSON argument; it prints "hosting" once its own
// player is in, then "roster N" each time the room's roster reaches a new size. It exits on
// its own after LIFETIME_MS should its parent never kill it.

import { hostSession } from "../../../client/src/index.js";
import { arenaGame } from "../../../games/arena/index.js";
import { NODE_RTC } from "./listen-run.js";

/** How long the process lives at most, ms. */
const LIFETIME_MS = 120_000;

/** What the parent passes. */
interface HostArgs {
  readonly baseUrl: string;
  readonly signalUrl: string;
  readonly ticket: string;
}

setTimeout(() => process.exit(0), LIFETIME_MS);
const args = JSON.parse(process.argv[2] ?? "{}") as HostArgs;
const host = await hostSession({
  game: arenaGame,
  signaling: { signalUrl: args.signalUrl, ticket: args.ticket, baseUrl: args.baseUrl },
  rtc: NODE_RTC,
});
await host.connect({ name: "host" });
process.stdout.write("hosting\n");
let told = 0;
setInterval(() => {
  const size = host.roster.length;
  if (size === told) return;
  told = size;
  process.stdout.write(`roster ${size}\n`);
}, 10);
