// Two test projects: "worker" runs inside workerd with the Worker of wrangler.toml
// (@cloudflare/vitest-plugin), "e2e" starts a real `wrangler dev` and plays with two clients.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { readDevVars } from "./scripts/local-wrangler.mjs";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                EDGETICK_ENV: "test",
                // The development key ring of .dev.vars.example.
                AUTH_KEYS: readDevVars().AUTH_KEYS!,
                // Applied by the test before it runs, as `npm run dev` applies them locally.
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
              },
            },
          })),
        ],
        test: { name: "worker", include: ["test/worker.test.ts"] },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
