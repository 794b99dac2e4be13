// A client session fed random and mutated server frames (issue 19's fuzzers): every frame is
// answered with a Result, before and after the welcome, on either channel; none throws.
import fc from "fast-check";
import { describe, it } from "vitest";
import { arenaGame } from "../../games/arena/index.js";
import { fuzzBytes, fuzzParams, isResult } from "../../test/support/fuzz.js";
import { serverSeeds } from "../../test/support/fuzz-seeds.js";
import { ClientSession } from "./client-session.js";

describe("a client session fed fuzzed server frames", () => {
  it("answers a Result for any frame, before and after its welcome", () => {
    const seeds = serverSeeds();
    const session = new ClientSession(arenaGame, 8);
    for (const bytes of seeds.slice(0, 5)) session.receive(bytes, 0);
    fc.assert(
      fc.property(fuzzBytes(seeds), fc.constantFrom("reliable", "unreliable"), (bytes, channel) =>
        isResult(session.receive(bytes, 0, channel as "reliable" | "unreliable")),
      ),
      fuzzParams(),
    );
  });
});
