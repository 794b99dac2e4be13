import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EDGETICK_VERSION } from "./version.js";

describe("EDGETICK_VERSION", () => {
  it("equals the version in the root package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(EDGETICK_VERSION).toBe(pkg.version);
  });
});
