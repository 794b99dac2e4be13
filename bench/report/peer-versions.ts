// The versions of the peers actually loaded, read from their installed package.json files,
// so a result never claims a version it did not run.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Installed versions of the Colyseus packages the bench drives. */
export interface PeerVersions {
  "@colyseus/core": string;
  "@colyseus/schema": string;
}

/** Reads the versions of the packages the bench imports. */
export function peerVersions(): PeerVersions {
  return {
    "@colyseus/core": versionOf("@colyseus/core"),
    "@colyseus/schema": versionOf("@colyseus/schema"),
  };
}

/** Walks up from the package's resolved entry to its package.json (exports may hide it). */
function versionOf(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (let depth = 0; depth < 5; depth++) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === name && typeof manifest.version === "string") return manifest.version;
    }
    dir = dirname(dir);
  }
  return "unknown";
}
