import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EDGETICK_VERSION } from "../../shared/version.js";

describe("GET /v1/health", () => {
  it("answers 200 with the version, the build, the environment and the latest migration", async () => {
    const res = await exports.default.fetch("http://edgetick.test/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      version: EDGETICK_VERSION,
      // The test pool bundles without the EDGETICK_BUILD define; vitest.config.ts sets "test".
      build: "dev",
      environment: "test",
      // The newest file of migrations/, whichever it is (applied by setup.ts).
      database: { migration: env.TEST_MIGRATIONS.at(-1)!.name },
    });
  });
});

describe("API errors", () => {
  it("answers an unknown route with 404 and the error shape", async () => {
    const res = await exports.default.fetch("http://edgetick.test/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "not_found", message: "no route for GET /v1/nothing-here" },
    });
  });

  it("refuses a malformed room id with 400 before reaching any room", async () => {
    const res = await exports.default.fetch("http://edgetick.test/v1/rooms/bad%20id/ws", {
      headers: { Upgrade: "websocket" },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_room_id");
  });

  it("answers a plain GET on the socket endpoint with 426", async () => {
    const res = await exports.default.fetch("http://edgetick.test/v1/rooms/lobby/ws");
    expect(res.status).toBe(426);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("upgrade_required");
  });
});
