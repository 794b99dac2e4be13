// End to end: a real `wrangler dev` on a free port of 127.0.0.1 (offline, fresh local storage),
// two Node clients that sign in as guests and play in the same room through @edgetick/client.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, startDev } from "../scripts/local-wrangler.mjs";
import { ARROW, type DotsInput, dotsGame, listDots } from "../src/game.js";

let base = "";
let wrangler: ChildProcess | undefined;
let output = "";
const storage = mkdtempSync(join(tmpdir(), "edgetick-e2e-"));

/** A port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` every 50 ms until it returns something truthy, for at most `ms`. */
async function eventually<T>(check: () => T | undefined | false, what: string, ms = 10_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  applyMigrations({ persistTo: storage, quiet: true });
  const [port, inspector] = [await freePort(), await freePort()];
  const child = startDev({
    port,
    persistTo: storage,
    stdio: ["ignore", "pipe", "pipe"],
    extraArgs: ["--inspector-port", String(inspector), "--log-level", "warn"],
  });
  wrangler = child;
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  while (!(await fetch(`${base}/v1/health`).catch(() => undefined))?.ok) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    if (Date.now() > until) throw new Error(`wrangler dev did not answer in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  const child = wrangler;
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const group = -child.pid; // the whole group: wrangler and its workerd
    process.kill(group, "SIGTERM");
    const timer = setTimeout(() => {
      try {
        process.kill(group, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(storage, { recursive: true, force: true });
});

/** Signs in as a new guest: POST /v1/auth/guest with a fresh device id. */
async function signInGuest(name: string): Promise<string> {
  const res = await fetch(`${base}/v1/auth/guest`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ deviceId: crypto.randomUUID().replaceAll("-", ""), name }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function dotOf(room: RoomConnection<DotsInput>, playerId: number) {
  return listDots(room.world).find((d) => d.owner === playerId);
}

describe("two players on wrangler dev", () => {
  it("each sees the other's dot move", async () => {
    const url = roomUrl(base, "room1");
    const ada = await connect({
      url,
      game: dotsGame,
      name: "ada",
      token: await signInGuest("ada"),
    });
    const bob = await connect({
      url,
      game: dotsGame,
      name: "bob",
      token: await signInGuest("bob"),
    });
    await eventually(() => ada.players.size === 2 && bob.players.size === 2, "both see two");

    const adaFrom = await eventually(() => dotOf(bob, ada.playerId), "bob sees ada's dot");
    const bobFrom = await eventually(() => dotOf(ada, bob.playerId), "ada sees bob's dot");
    ada.setInput({ arrows: ARROW.RIGHT });
    bob.setInput({ arrows: ARROW.DOWN });
    // 160 units/s: 20 units is an eighth of a second of holding the key, a few ticks.
    await eventually(() => dotOf(bob, ada.playerId)!.x > adaFrom.x + 20, "bob sees ada move");
    await eventually(() => dotOf(ada, bob.playerId)!.y > bobFrom.y + 20, "ada sees bob move");
    expect(dotOf(bob, ada.playerId)!.y).toBe(adaFrom.y);
    expect(dotOf(ada, bob.playerId)!.x).toBe(bobFrom.x);

    ada.close();
    await eventually(() => bob.players.size === 1, "bob sees ada leave");
    bob.close();
  });
});
