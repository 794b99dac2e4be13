// globalSetup of the e2e-selfhost project: builds dist/selfhost once from the current sources
// (after `npm run build`, as the e2e scripts run it), so no test plays against a stale bundle.
import { buildSelfhost } from "./selfhost-server.js";

export async function setup(): Promise<void> {
  await buildSelfhost("e2e");
}
