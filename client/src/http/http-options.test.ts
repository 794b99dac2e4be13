import { describe, expect, it } from "vitest";
import { resolveHttpOptions } from "./http-options.js";

describe("resolveHttpOptions", () => {
  it("keeps an absolute http(s) origin without its trailing slashes", () => {
    expect(resolveHttpOptions({ baseUrl: "https://game.example.com//" }).baseUrl).toBe(
      "https://game.example.com",
    );
    expect(resolveHttpOptions({ baseUrl: "http://127.0.0.1:8787" }).session).toBeNull();
  });

  it("refuses a relative or non-http base URL, naming the field", () => {
    for (const baseUrl of ["/v1", "game.example.com", "ws://game.example.com"])
      expect(() => resolveHttpOptions({ baseUrl })).toThrow(
        "http.baseUrl must be an absolute http(s) URL",
      );
  });
});
