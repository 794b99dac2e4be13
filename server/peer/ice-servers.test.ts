import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  configuredIce,
  DEFAULT_TURN_TTL_SECONDS,
  IceConfigError,
  iceServersFor,
  parseIceConfig,
  turnCredential,
} from "./ice-servers.js";

/** The TURN REST credential computed independently, as coturn computes it. */
function nodeCredential(secret: string, username: string): string {
  return createHmac("sha1", secret).update(username).digest("base64");
}

describe("turnCredential", () => {
  it("is base64(HMAC-SHA1(secret, username)), as coturn's static-auth-secret checks it", async () => {
    const username = "1767229200:acc_3f2a9c1e5b7d4f60a8e2c4b6d8f0a1c3";
    const expected = nodeCredential("north-sea-secret", username);
    expect(await turnCredential("north-sea-secret", username)).toBe(expected);
    // The RFC 2202 test vector 2 (key "Jefe"), pinned: HMAC-SHA1 = effcdf6a…9c79.
    expect(await turnCredential("Jefe", "what do ya want for nothing?")).toBe(
      Buffer.from("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", "hex").toString("base64"),
    );
  });

  it("agrees with node:crypto for any secret and username", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string(), async (secret, username) => {
        expect(await turnCredential(secret, username)).toBe(nodeCredential(secret, username));
      }),
      { numRuns: 50 },
    );
  });
});

describe("parseIceConfig", () => {
  it("answers no servers when nothing is configured", () => {
    expect(parseIceConfig({})).toEqual({
      stunUrls: [],
      turn: null,
      ttlS: DEFAULT_TURN_TTL_SECONDS,
    });
  });

  it("reads comma-separated STUN and TURN URLs, the secret and the TTL", () => {
    const config = parseIceConfig({
      STUN_URLS: " stun:stun.example.com:3478, stuns:[2001:db8::1]:5349 ",
      TURN_URLS: "turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349",
      TURN_SECRET: "s3cret",
      TURN_TTL_SECONDS: "600",
    });
    expect(config).toEqual({
      stunUrls: ["stun:stun.example.com:3478", "stuns:[2001:db8::1]:5349"],
      turn: {
        urls: ["turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349"],
        secret: "s3cret",
      },
      ttlS: 600,
    });
  });

  it("refuses bad values with an error naming the variable", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ STUN_URLS: "https://stun.example.com" }, /^STUN_URLS: "https:/],
      [{ STUN_URLS: "turn:turn.example.com" }, /^STUN_URLS:/],
      [{ STUN_URLS: "stun:host:70000" }, /^STUN_URLS:/],
      [{ STUN_URLS: "stun:" }, /^STUN_URLS:/],
      [{ TURN_URLS: "turn:t.example.com?transport=sctp", TURN_SECRET: "s" }, /^TURN_URLS:/],
      [{ TURN_URLS: "turn:turn.example.com" }, /TURN_SECRET secret is not/],
      [{ TURN_SECRET: "s" }, /TURN_URLS is empty/],
      [{ TURN_TTL_SECONDS: "soon" }, /^TURN_TTL_SECONDS: "soon"/],
      [{ TURN_TTL_SECONDS: "59" }, /^TURN_TTL_SECONDS/],
      [
        { STUN_URLS: Array.from({ length: 9 }, (_, i) => `stun:s${i}.example.com`).join() },
        /at most 8/,
      ],
    ];
    for (const [env, message] of cases) {
      expect(() => parseIceConfig(env)).toThrow(IceConfigError);
      expect(() => parseIceConfig(env)).toThrow(message);
    }
    // The boundary neighbours are accepted.
    expect(parseIceConfig({ TURN_TTL_SECONDS: "60", STUN_URLS: "stun:h:65535" }).ttlS).toBe(60);
  });

  it("parses each set of values once", () => {
    const env = { STUN_URLS: "stun:once.example.com" };
    expect(configuredIce(env)).toBe(configuredIce({ ...env }));
  });
});

describe("iceServersFor", () => {
  it("gives the STUN URLs and the TURN URLs with a credential expiring after the TTL", async () => {
    const config = parseIceConfig({
      STUN_URLS: "stun:stun.example.com:3478",
      TURN_URLS: "turn:turn.example.com:3478",
      TURN_SECRET: "s3cret",
      TURN_TTL_SECONDS: "600",
    });
    const now = 1_767_225_000_500;
    const servers = await iceServersFor(config, "acc_1", now);
    // Expiry: floor(1767225000.5) + 600 = 1767225600.
    const username = "1767225600:acc_1";
    expect(servers).toEqual([
      { urls: ["stun:stun.example.com:3478"] },
      {
        urls: ["turn:turn.example.com:3478"],
        username,
        credential: nodeCredential("s3cret", username),
      },
    ]);
  });

  it("gives nothing when no server is configured", async () => {
    expect(await iceServersFor(parseIceConfig({}), "acc_1", 0)).toEqual([]);
  });
});
