// Loads this package's TypeScript sources in the current thread (main or worker) through
// tsx, with this package's tsconfig, whose paths resolve @edgetick/game and @edgetick/client
// to the repo's sources. A thread does not inherit the main thread's loader hooks reliably,
// so each thread registers them itself.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

let registered = false;

/** Imports the TypeScript module at `url` (a file: URL). */
export async function run(url) {
  if (!registered) {
    register({ tsconfig: fileURLToPath(new URL("./tsconfig.json", import.meta.url)) });
    registered = true;
  }
  return import(url.href);
}
