// @edgetick/bots: load-testing bots for edgetick games, as a function (runBots) and a CLI
// (edgetick-bots). docs/bots.md.

export type { BotsOptions, BotsProgress, ResolvedBotsOptions } from "./bots-options.js";
export { MAX_BOTS, resolveBotsOptions } from "./bots-options.js";
export type { BotsReport } from "./bots-report.js";
export { runBots } from "./run-bots.js";
