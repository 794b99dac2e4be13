#!/usr/bin/env node
// edgetick-bots: N bot clients of a game against an edgetick Worker (docs/bots.md). The
// package runs from its TypeScript sources through tsx, with the repo's tsconfig paths.
import { run } from "../load-ts.mjs";

await run(new URL("../cli.ts", import.meta.url));
