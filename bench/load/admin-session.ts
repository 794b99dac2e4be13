// An admin's access token on the load server, made as an operator makes the first admin
// (docs/deploy.md#the-first-admin): a guest signs in, its roles are set in the local D1 with
// `wrangler d1 execute`, and it signs in again so its token carries them.

import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { OFFLINE_ENV, wrangler } from "../../scripts/local-wrangler.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
/** The address the admin signs in from (the local Worker believes CF-Connecting-IP). */
const ADMIN_ADDRESS = "10.255.255.254";

/** An admin's access token for the local server at `url` persisting to `persistTo`. */
export async function adminToken(url: string, persistTo: string): Promise<string> {
  const deviceId = `load-admin-${randomUUID()}`;
  const first = await signIn(url, deviceId);
  // The id is the Worker's (acc_ and hex): nothing a shell or SQL would read otherwise.
  if (!/^acc_[0-9a-f]+$/.test(first.accountId)) throw new Error(`odd id ${first.accountId}`);
  const sql = `UPDATE players SET roles = 'player,admin' WHERE id = '${first.accountId}'`;
  execFileSync(
    process.execPath,
    [wrangler, "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--command", sql],
    { cwd: ROOT, env: OFFLINE_ENV, stdio: ["ignore", "ignore", "inherit"] },
  );
  return (await signIn(url, deviceId)).accessToken;
}

/** Sign-in attempts when the connection drops (wrangler dev may restart workerd once it is up). */
const SIGN_IN_TRIES = 5;

async function signIn(url: string, deviceId: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await signInOnce(url, deviceId);
    } catch (e) {
      // fetch throws a TypeError only for a failed connection ("other side closed"), never
      // for an answer: measured twice on a loaded machine, right after the health check.
      if (!(e instanceof TypeError) || attempt >= SIGN_IN_TRIES) throw e;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

async function signInOnce(url: string, deviceId: string) {
  const res = await fetch(`${url}/v1/auth/guest`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": ADMIN_ADDRESS },
    body: JSON.stringify({ deviceId, name: "load-admin" }),
  });
  if (!res.ok) throw new Error(`admin sign-in: ${res.status} ${await res.text()}`);
  return (await res.json()) as { accountId: string; accessToken: string };
}
