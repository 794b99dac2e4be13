// `npm run dev`: migrate local D1, then serve the API, the rooms and the demo page on
// http://127.0.0.1:8787 with local D1 and Durable Object storage under .wrangler/state.
// startDev creates .dev.vars (the development AUTH_KEYS) from .dev.vars.example if missing.
import { applyMigrations, startDev } from "./local-wrangler.mjs";

applyMigrations();
const child = startDev({ extraArgs: process.argv.slice(2) });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
