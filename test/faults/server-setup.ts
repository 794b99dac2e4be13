// One wrangler dev for the fault campaigns that do not restart it (link drops, clock jumps,
// a stalled reader): started once for the `faults` project and handed to the files through
// vitest's provide/inject, so the short CI form pays for one server start, not one per file.
import type { TestProject } from "vitest/node";
import { startDevServer } from "../support/dev-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the shared wrangler dev, e.g. http://127.0.0.1:41234. */
    faultsServerUrl: string;
  }
}

/** Starts the shared server; the returned function stops it after the last file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDevServer();
  project.provide("faultsServerUrl", server.url);
  return () => server.stop();
}
