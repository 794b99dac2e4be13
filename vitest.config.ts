// One vitest run, these projects: unit (Node, tests beside their source), workers (inside
// workerd), e2e (a real `wrangler dev` on 127.0.0.1 and the built client package),
// e2e-selfhost (key e2e files again, on `npm run selfhost`), soak and browser (headless
// Chromium driving the demo page). `npm test` runs the first four.
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { readDevVars } from "./scripts/local-wrangler.mjs";

/**
 * The packages resolved to their sources, as tsconfig.base.json's paths and wrangler.toml's
 * [alias] do: unit and workerd tests need no build. The e2e, soak and browser projects resolve
 * them through node_modules instead (the built packages, one copy of @edgetick/game shared by
 * the games and the client bundle).
 */
const SOURCE_PACKAGES = {
  alias: {
    "@edgetick/game": fileURLToPath(new URL("./shared/game/contract.ts", import.meta.url)),
    "@edgetick/server": fileURLToPath(new URL("./workers/create-edgetick.ts", import.meta.url)),
    "@edgetick/client": fileURLToPath(new URL("./client/src/index.ts", import.meta.url)),
  },
};

/** The OIDC provider the workerd tests impersonate (its JWKS is served by the test). */
const TEST_OIDC_PROVIDERS = [
  {
    issuer: "https://idp.edgetick.test",
    audience: "edgetick-tests",
    jwksUrl: "https://idp.edgetick.test/jwks.json",
  },
];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: SOURCE_PACKAGES,
        test: {
          name: "unit",
          environment: "node",
          include: [
            "shared/**/*.test.ts",
            "games/**/*.test.ts",
            "server/**/*.test.ts",
            "durable-objects/**/*.test.ts",
            "client/src/**/*.test.ts",
            // The demo's pure parts (the dashboard's metrics decoding and chart data).
            "demo/src/**/*.test.ts",
            "bench/**/*.test.ts",
            // The fair-play campaigns: cheating and honest clients in one process (Node).
            "test/fairplay/**/*.test.ts",
            "packages/*/*.test.ts",
            "scripts/*.test.ts",
          ],
          // Here a time limit only catches a hang: property tests are a fixed amount of CPU
          // work, which a busy machine (other projects, a wrangler dev, a browser) stretches
          // far past vitest's 5 s default without anything being wrong.
          testTimeout: 60_000,
        },
      },
      {
        resolve: SOURCE_PACKAGES,
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                EDGETICK_ENV: "test",
                // The development key ring checked in as .dev.vars.example.
                AUTH_KEYS: readDevVars().AUTH_KEYS!,
                OIDC_PROVIDERS: JSON.stringify(TEST_OIDC_PROVIDERS),
                // ICE servers of peer sessions' welcomes (test/workers/peer-session.test.ts).
                STUN_URLS: "stun:stun.edgetick.test:3478",
                TURN_URLS: "turn:turn.edgetick.test:3478?transport=udp",
                TURN_SECRET: "edgetick-test-turn-secret",
                // Applied by test/workers/setup.ts, as `npm run dev` applies them locally.
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
                // The HTTP fuzzer's size and seed (test/workers/fuzz-http.test.ts): the Node
                // environment does not reach workerd, so they travel as bindings.
                FUZZ_HTTP_CASES: process.env.FUZZ_HTTP_CASES ?? "12",
                FUZZ_SEED: process.env.FUZZ_SEED ?? "19",
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          setupFiles: ["test/workers/setup.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        // The key e2e paths — two clients play, sign-in and player data, a restart with new
        // code — against the self-hosted server started as its container starts it (`npm run
        // selfhost`, test/support/server.ts), built once first. After every other project
        // (groupOrder 1), so its servers never compete with the e2e project's for the CPU.
        test: {
          name: "e2e-selfhost",
          environment: "node",
          include: [
            "test/e2e/two-clients.test.ts",
            "test/e2e/player-data.test.ts",
            "test/e2e/restart.test.ts",
          ],
          env: { EDGETICK_E2E_SERVER: "selfhost" },
          globalSetup: ["test/support/selfhost-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // `npm run test:faults`: fault campaigns on wrangler dev (test/faults/), short by
        // default (CI), long with FAULTS_FULL=1. One shared server for the files that do not
        // restart it; files one at a time, as their servers would compete for the CPU.
        test: {
          name: "faults",
          environment: "node",
          include: ["test/faults/**/*.test.ts"],
          globalSetup: ["test/faults/server-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run test:soak`: many clients, minutes, random disconnects (not in npm test).
        test: {
          name: "soak",
          environment: "node",
          include: ["test/soak/**/*.test.ts"],
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
