import { describe, expect, it } from "vitest";
import {
  type DeployConfig,
  environmentProblems,
  PLACEHOLDER_DATABASE_ID,
  placeholders,
} from "./deploy-config.mjs";

/** A config with the bindings of this repo's top level, overridable per test. */
function config(overrides: Partial<DeployConfig> = {}): DeployConfig {
  return {
    durable_objects: {
      bindings: [
        { name: "GAME_ROOM", class_name: "GameRoom" },
        { name: "LOBBY", class_name: "Lobby" },
      ],
    },
    d1_databases: [{ binding: "DB", database_name: "edgetick", database_id: "3f2c…" }],
    ratelimits: [{ name: "AUTH_LIMITER" }],
    vars: { EDGETICK_ENV: "development" },
    migrations: [
      { tag: "v1", new_sqlite_classes: ["GameRoom"] },
      { tag: "v2", new_sqlite_classes: ["Lobby"] },
    ],
    ...overrides,
  };
}

describe("environmentProblems", () => {
  it("accepts an environment that repeats every binding and var of the top level", () => {
    const env = config({ vars: { EDGETICK_ENV: "staging", EXTRA: "1" } });
    expect(environmentProblems(config(), env, "staging")).toEqual([]);
  });

  it("names each binding and var the environment forgot (none is inherited)", () => {
    const env = config({
      durable_objects: { bindings: [{ name: "GAME_ROOM", class_name: "GameRoom" }] },
      d1_databases: [],
      ratelimits: [],
      vars: {},
    });
    expect(environmentProblems(config(), env, "staging")).toEqual([
      "Durable Object binding LOBBY is declared at the top level but not in [env.staging]",
      "D1 binding DB is declared at the top level but not in [env.staging]",
      "rate limit AUTH_LIMITER is declared at the top level but not in [env.staging]",
      "var EDGETICK_ENV is declared at the top level but not in [env.staging]",
    ]);
  });

  it("refuses a bound class no migration creates, and one a later migration deleted", () => {
    const missing = config({ migrations: [{ tag: "v1", new_sqlite_classes: ["GameRoom"] }] });
    expect(environmentProblems(config(), missing, "production")).toEqual([
      "LOBBY: no [[migrations]] tag creates class Lobby",
    ]);
    const deleted = config({
      migrations: [
        { tag: "v1", new_sqlite_classes: ["GameRoom", "Lobby"] },
        { tag: "v2", deleted_classes: ["Lobby"] },
      ],
    });
    expect(environmentProblems(config(), deleted, "production")).toEqual([
      "LOBBY: no [[migrations]] tag creates class Lobby",
    ]);
  });

  it("follows renamed classes and ignores classes of other Workers", () => {
    const env = config({
      durable_objects: {
        bindings: [
          { name: "GAME_ROOM", class_name: "GameRoom" },
          { name: "LOBBY", class_name: "Lobby" },
          { name: "ELSEWHERE", class_name: "Counter", script_name: "other-worker" },
        ],
      },
      migrations: [
        { tag: "v1", new_classes: ["Room", "Lobby"] },
        { tag: "v2", renamed_classes: [{ from: "Room", to: "GameRoom" }] },
      ],
    });
    expect(environmentProblems(config(), env, "staging")).toEqual([]);
  });

  it("wants the R2 binding in every environment, each on a bucket of its own", () => {
    const top = config({ r2_buckets: [{ binding: "REPLAYS", bucket_name: "edgetick-replays" }] });
    expect(environmentProblems(top, config(), "staging")).toEqual([
      "R2 binding REPLAYS is declared at the top level but not in [env.staging]",
    ]);
    const shared = config({
      r2_buckets: [{ binding: "REPLAYS", bucket_name: "edgetick-replays" }],
    });
    expect(environmentProblems(top, shared, "production")).toEqual([
      "R2 binding REPLAYS: [env.production] uses the top level's bucket edgetick-replays; give each environment its own",
    ]);
    const own = config({
      r2_buckets: [{ binding: "REPLAYS", bucket_name: "edgetick-replays-production" }],
    });
    expect(environmentProblems(top, own, "production")).toEqual([]);
  });

  it("refuses a migration tag used twice", () => {
    const env = config({
      migrations: [
        { tag: "v1", new_sqlite_classes: ["GameRoom"] },
        { tag: "v1", new_sqlite_classes: ["Lobby"] },
      ],
    });
    expect(environmentProblems(config(), env, "staging")).toEqual([
      "migration tag v1 appears twice",
    ]);
  });
});

describe("placeholders", () => {
  it("lists the checked-in database_id and example.com routes", () => {
    const env = config({
      d1_databases: [
        { binding: "DB", database_name: "edgetick-staging", database_id: PLACEHOLDER_DATABASE_ID },
      ],
      routes: [{ pattern: "staging.play.example.com", custom_domain: true }, "example.com/*"],
    });
    expect(placeholders(env, "staging")).toEqual([
      "[env.staging] D1 DB: database_id is the placeholder; run `npx wrangler d1 create edgetick-staging` and put the printed id in wrangler.toml",
      "[env.staging] route staging.play.example.com: replace example.com with your domain (a zone in your account)",
      "[env.staging] route example.com/*: replace example.com with your domain (a zone in your account)",
    ]);
  });

  it("accepts a real database id and a domain that only ends like example.com", () => {
    const env = config({
      d1_databases: [
        {
          binding: "DB",
          database_name: "edgetick",
          database_id: "8d2a5c1e-0b1f-4c3e-9d7a-2f6e4b8c1a90",
        },
      ],
      routes: [{ pattern: "play.notexample.com", custom_domain: true }, "https://api.mygame.io/*"],
    });
    expect(placeholders(env, "production")).toEqual([]);
  });
});
