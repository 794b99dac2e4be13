#!/usr/bin/env node
// edgetick-bots: N bot clients of a game against an edgetick Worker (docs/bots.md). The
// package runs from its TypeScript sources through tsx, with the repo's tsconfig paths.
import { run } from "../load-ts.mjs";

// The client needs the global WebSocket (Node 22+); on an older Node every bot would fail.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`edgetick-bots needs Node >= 22.12 (this is ${process.versions.node})\n`);
  process.exit(1);
}

await run(new URL("../cli.ts", import.meta.url));
