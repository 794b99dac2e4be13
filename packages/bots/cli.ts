// edgetick-bots: the command line over runBots. Draws live progress with log-update (on a
// terminal; elsewhere a plain line every 5 s), stops on Ctrl-C (SIGINT) or SIGTERM and still
// writes the report, and exits 0 when the run ended (stopped or not), 2 on bad arguments,
// 1 when the run could not start.

import { readFileSync, writeFileSync } from "node:fs";
import { createLogUpdate } from "log-update";
import { loadGame } from "./bot-games.js";
import { type BotsProgress, resolveBotsOptions } from "./bots-options.js";
import { parseCli, parseTokens, USAGE } from "./cli-args.js";
import { progressLines, type RunHeader, summaryLines } from "./progress-view.js";
import { runBots } from "./run-bots.js";

/** Seconds between two progress lines when stderr is not a terminal. */
const PLAIN_EVERY_S = 5;

async function main(argv: readonly string[]): Promise<number> {
  let command: ReturnType<typeof parseCli>;
  try {
    command = parseCli(argv);
    if (command.kind === "run") {
      const tokens = command.tokensFile
        ? parseTokens(readFileSync(command.tokensFile, "utf8"))
        : undefined;
      // Check everything before any thread starts, so a bad flag is a usage error.
      resolveBotsOptions({ ...command.options, ...(tokens ? { tokens } : {}) });
    }
  } catch (e) {
    process.stderr.write(
      `edgetick-bots: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`,
    );
    return 2;
  }
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { options, jsonFile, tokensFile } = command;
  const tokens = tokensFile ? parseTokens(readFileSync(tokensFile, "utf8")) : undefined;
  const header: RunHeader = {
    game: options.game,
    url: options.url,
    target: options.mode ? `mode ${options.mode}` : `room ${options.room ?? "bots"}`,
    seconds: options.seconds,
  };
  try {
    const game = await loadGame(options.game, options.module);
    if (!game.bot)
      process.stderr.write(
        `warning: ${game.name} has no bot policy (GameDefinition.bot): its bots hold the idle input; they join and measure the link but do not play\n`,
      );
  } catch (e) {
    process.stderr.write(`edgetick-bots: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const stop = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // The first signal stops the bots and lets the report be written; a second one quits.
    if (++interrupts > 1) process.exit(130);
    process.stderr.write(`\n${signal}: stopping the bots…\n`);
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // A terminal of no size (some pseudo-terminals) would get an empty redraw: print lines there.
  const tty = process.stderr.isTTY === true && (process.stderr.rows ?? 0) > 0;
  const live = createLogUpdate(process.stderr);
  let lastPlain = 0;
  const onProgress = (p: BotsProgress) => {
    if (tty) live(progressLines(header, p));
    else if (p.elapsedSeconds - lastPlain >= PLAIN_EVERY_S) {
      lastPlain = p.elapsedSeconds;
      process.stderr.write(`${progressLines(header, p).replaceAll("\n", " | ")}\n`);
    }
  };
  try {
    const report = await runBots({
      ...options,
      ...(tokens ? { tokens } : {}),
      onProgress,
      signal: stop.signal,
    });
    if (tty) live.done();
    if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${summaryLines(report)}\n`);
    return 0;
  } catch (e) {
    if (tty) live.done();
    process.stderr.write(`edgetick-bots: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
