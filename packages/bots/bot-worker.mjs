// A worker thread's entry: registers the TypeScript loader, then runs bot-worker.ts.
import { run } from "./load-ts.mjs";

await run(new URL("./bot-worker.ts", import.meta.url));
