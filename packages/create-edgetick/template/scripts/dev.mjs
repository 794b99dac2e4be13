// `npm run dev`: migrate the local D1, then serve the API, the rooms and the page on
// http://127.0.0.1:8787 (storage under .wrangler/state; PORT=… for another port). Extra
// arguments go to wrangler dev.
import { applyMigrations, startDev } from "./local-wrangler.mjs";

applyMigrations();
const child = startDev({
  port: Number(process.env.PORT ?? 8787),
  extraArgs: process.argv.slice(2),
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
