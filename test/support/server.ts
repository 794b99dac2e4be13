// The server an e2e test plays against: `wrangler dev` (the e2e project), or the self-hosted
// server started exactly as its container starts it (`npm run selfhost`; the e2e-selfhost
// project of vitest.config.ts sets EDGETICK_E2E_SERVER=selfhost). The same tests run on both.
import { type DevServer, startDevServer } from "./dev-server.js";
import { buildSelfhost, selfhostBuild, startSelfhostServer } from "./selfhost-server.js";

/** Which server this run's tests start. */
export const SERVER_KIND: "wrangler-dev" | "selfhost" =
  process.env.EDGETICK_E2E_SERVER === "selfhost" ? "selfhost" : "wrangler-dev";

/** A running server; `persistTo` is its storage directory. */
export type TestServer = DevServer;

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Storage to start from and keep (a new temp dir, removed on stop, by default). */
  readonly persistTo?: string;
  /** The port (a free one by default): a restarted server takes over its predecessor's URL. */
  readonly port?: number;
  /**
   * The build label of the Worker to run, reported by GET /v1/health: wrangler dev bundles
   * it with `--define EDGETICK_BUILD`; the self-hosted server runs dist/selfhost, rebuilt
   * first when it holds another label (see {@link prepareBuild}). Unset: whatever build
   * dist/selfhost holds, or an unstamped wrangler dev bundle.
   */
  readonly build?: string;
}

/**
 * Makes build `build` ready to start, as an upgrade builds the new version before it stops
 * the old one: the self-hosted server's bundle is built now (the running server keeps the
 * one it loaded); wrangler dev bundles when it starts, so there is nothing to do for it.
 */
export async function prepareBuild(build: string): Promise<void> {
  if (SERVER_KIND === "selfhost" && selfhostBuild() !== build) await buildSelfhost(build);
}

/** Starts this run's server kind. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  if (SERVER_KIND === "wrangler-dev") return startDevServer(options);
  if (options.build !== undefined) await prepareBuild(options.build);
  return startSelfhostServer({ dataDir: options.persistTo, port: options.port });
}
