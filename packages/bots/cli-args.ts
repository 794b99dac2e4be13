// The command line of edgetick-bots, parsed into BotsOptions (plus where the report goes).
// Parsing is pure: reading a --tokens file is the caller's (cli.ts).

import { parseArgs } from "node:util";
import type { BotsOptions } from "./bots-options.js";

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: "help" }
  | {
      readonly kind: "run";
      /** Options but the tokens (read from `tokensFile`) and callbacks. */
      readonly options: Omit<BotsOptions, "tokens" | "onProgress" | "signal">;
      readonly tokensFile: string | undefined;
      readonly jsonFile: string | undefined;
    };

/** The usage text of `--help`. */
export const USAGE = `Usage: edgetick-bots --url <worker> [options]

Plays bot clients of a game against an edgetick Worker and reports what they measured.

  --url <url>          the Worker's origin, e.g. http://127.0.0.1:8787 (required)
  --game <name>        the game to play (default: arena)
  --module <file>      a file exporting game modules (default: this repo's games)
  --bots <n>           number of bots (default: 10)
  --seconds <s>        how long to play, joining included (default: 60)
  --room <id>          a named room every bot joins (default: bots)
  --mode <mode>        queue each bot in this matchmaking mode instead of a room
  --threads <n>        worker threads (default: one per core)
  --seed <n>           seed of every random draw (default: 1)
  --handshakes <n>     most handshakes in flight over all threads (default: 12)
  --send-rate <n>      INPUT frames per second per bot (default: 30; 10 for big rooms)
  --join-rate <n>      bots that start joining per second (default: 0, as fast as handshakes allow)
  --tokens <file>      access tokens, one per line, instead of guest sign-ins
  --json <file>        write the final report there (also after Ctrl-C)
  -h, --help           this text

Ctrl-C stops the bots and still writes the report; a second Ctrl-C quits at once.`;

/**
 * Parses `argv` (without the node and script paths); throws a RangeError naming the flag.
 * @example parseCli(["--url", "http://127.0.0.1:8787", "--bots", "4"]).kind; // "run"
 */
export function parseCli(argv: readonly string[]): CliCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      game: { type: "string" },
      module: { type: "string" },
      bots: { type: "string" },
      seconds: { type: "string" },
      room: { type: "string" },
      mode: { type: "string" },
      threads: { type: "string" },
      seed: { type: "string" },
      handshakes: { type: "string" },
      "send-rate": { type: "string" },
      "join-rate": { type: "string" },
      tokens: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { kind: "help" };
  if (positionals.length > 0) throw new RangeError(`unexpected argument: ${positionals[0]}`);
  if (values.url === undefined) throw new RangeError("--url is required");
  const options: Omit<BotsOptions, "tokens" | "onProgress" | "signal"> = {
    url: values.url,
    game: values.game ?? "arena",
    bots: numberOf("--bots", values.bots) ?? 10,
    seconds: numberOf("--seconds", values.seconds) ?? 60,
    ...optional("module", values.module),
    ...optional("room", values.room),
    ...optional("mode", values.mode),
    ...optional("threads", numberOf("--threads", values.threads)),
    ...optional("seed", numberOf("--seed", values.seed)),
    ...optional("handshakeConcurrency", numberOf("--handshakes", values.handshakes)),
    ...optional("sendRate", numberOf("--send-rate", values["send-rate"])),
    ...optional("joinRate", numberOf("--join-rate", values["join-rate"])),
  };
  return { kind: "run", options, tokensFile: values.tokens, jsonFile: values.json };
}

/** Access tokens from a file's text: one per line, blank lines and `#` comments skipped. */
export function parseTokens(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

function numberOf(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n))
    throw new RangeError(`${flag} must be a number, got "${value}"`);
  return n;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
