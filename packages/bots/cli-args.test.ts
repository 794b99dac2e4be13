import { describe, expect, it } from "vitest";
import { parseCli, parseTokens } from "./cli-args.js";

const URL = "http://127.0.0.1:8787";

describe("edgetick-bots arguments", () => {
  it("applies the defaults to a bare --url", () => {
    expect(parseCli(["--url", URL])).toEqual({
      kind: "run",
      options: { url: URL, game: "arena", bots: 10, seconds: 60 },
      tokensFile: undefined,
      jsonFile: undefined,
    });
  });

  it("reads every flag", () => {
    const command = parseCli([
      "--url",
      URL,
      "--game",
      "connect-four",
      "--module",
      "./my-games.ts",
      "--bots",
      "200",
      "--seconds",
      "300",
      "--mode",
      "duel",
      "--threads",
      "4",
      "--seed",
      "7",
      "--handshakes",
      "8",
      "--send-rate",
      "10",
      "--tokens",
      "tokens.txt",
      "--json",
      "out.json",
    ]);
    expect(command).toEqual({
      kind: "run",
      options: {
        url: URL,
        game: "connect-four",
        module: "./my-games.ts",
        bots: 200,
        seconds: 300,
        mode: "duel",
        threads: 4,
        seed: 7,
        handshakeConcurrency: 8,
        sendRate: 10,
      },
      tokensFile: "tokens.txt",
      jsonFile: "out.json",
    });
  });

  it("answers help for -h and --help", () => {
    expect(parseCli(["-h"])).toEqual({ kind: "help" });
    expect(parseCli(["--url", URL, "--help"])).toEqual({ kind: "help" });
  });

  it("refuses a missing --url, a non-number, an unknown flag and a stray argument", () => {
    expect(() => parseCli([])).toThrow("--url is required");
    expect(() => parseCli(["--url", URL, "--bots", "many"])).toThrow(
      '--bots must be a number, got "many"',
    );
    expect(() => parseCli(["--url", URL, "--bots", ""])).toThrow("--bots must be a number");
    expect(() => parseCli(["--url", URL, "--botz", "3"])).toThrow(/botz/);
    expect(() => parseCli(["--url", URL, "extra"])).toThrow("unexpected argument: extra");
  });

  it("reads tokens one per line, skipping blanks and comments", () => {
    expect(parseTokens("# bots\r\naaa\n\n  bbb  \n#ccc\n")).toEqual(["aaa", "bbb"]);
  });
});
