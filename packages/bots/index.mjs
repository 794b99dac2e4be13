// The package's entry from plain JavaScript: loads the TypeScript sources through tsx.
import { run } from "./load-ts.mjs";

export const { runBots, resolveBotsOptions, MAX_BOTS } = await run(
  new URL("./index.ts", import.meta.url),
);
