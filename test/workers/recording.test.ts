// A recording room through the real Worker and GameRoom (Connect Four records every match):
// its chunks and manifest land in R2 and its row in D1 when the room empties, a recording an
// earlier run of the object left is finished at the next start, and storage failures are
// retried, then cost only that replay.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  PENDING_REPLAY_PREFIX,
  type PendingReplay,
  RoomReplays,
} from "../../durable-objects/game-room/room-replays.js";
import { CONNECT_FOUR_SCHEMA } from "../../games/connect-four/index.js";
import { chunkKey, manifestKey, newReplayId } from "../../server/replays/replay-keys.js";
import { ReplayRepository } from "../../server/replays/replay-repository.js";
import { decodeReplayChunk } from "../../shared/replay/replay-chunk-decoder.js";
import { parseReplayManifest, type ReplayManifest } from "../../shared/replay/replay-manifest.js";
import { eventually } from "./eventually.js";
import { RoomSocket } from "./room-socket.js";
import { call, mintJoinTicket, signInGuest } from "./sign-in.js";

const CONNECT_FOUR = { name: "connect-four", fingerprint: CONNECT_FOUR_SCHEMA.fingerprint };

/** Makes `roomId` a Connect Four duel for `members` in region weur, as the matchmaker would. */
async function duelRoom(roomId: string, members: string[]): Promise<void> {
  const res = await env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId)).fetch(
    "https://room.internal/configure",
    {
      method: "POST",
      headers: { "X-Edgetick-Room": roomId, "Content-Type": "application/json" },
      body: JSON.stringify({
        game: "connect-four",
        mode: "duel",
        access: "ticket",
        capacity: 2,
        members,
        origin: "matchmaker",
        region: "weur",
      }),
    },
  );
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

/** Joins `roomId` as `name` of account `accountId` with a join ticket. */
async function play(roomId: string, name: string, accountId: string): Promise<RoomSocket> {
  const socket = await RoomSocket.open(roomId);
  socket.hello(name, await mintJoinTicket(accountId, roomId), "", CONNECT_FOUR);
  await socket.next("welcome");
  return socket;
}

/** The keys stored under replay `id`, sorted. */
async function keysOf(id: string): Promise<string[]> {
  const listed = await env.REPLAYS!.list({ prefix: `replays/${id}/` });
  return listed.objects.map((o) => o.key).sort();
}

async function replayOfRoom(roomId: string): Promise<string | undefined> {
  const row = await env.DB.prepare("SELECT id FROM replays WHERE room_id = ?")
    .bind(roomId)
    .first<{ id: string }>();
  return row?.id;
}

describe("a recording room", () => {
  it("stores its chunks and manifest in R2 and its row in D1 when the match ends", async () => {
    const [ada, bob, eve] = await Promise.all(["ada", "bob", "eve"].map((n) => signInGuest(n)));
    const roomId = "mm-duel-rec-1";
    await duelRoom(roomId, [ada.accountId, bob.accountId]);
    const a = await play(roomId, "ada", ada.accountId);
    const b = await play(roomId, "bob", bob.accountId);
    // Ten ticks of the match (10 Hz), then both leave: the room empties and the match ends.
    await eventually(() => a.all("snapshot").length >= 10, "ten snapshots");
    a.close();
    b.close();

    const replayId = await eventually(() => replayOfRoom(roomId), "the replay's row");
    const text = await (await env.REPLAYS!.get(manifestKey(replayId)))!.text();
    const parsed = parseReplayManifest(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const manifest = parsed.value;
    expect(manifest).toMatchObject({
      roomId,
      game: "connect-four",
      schema: CONNECT_FOUR_SCHEMA.fingerprint,
      tickRate: 10,
    });
    expect(manifest.players).toEqual([
      { playerId: 1, name: "ada", accountId: ada.accountId },
      { playerId: 2, name: "bob", accountId: bob.accountId },
    ]);
    expect(manifest.endTick - manifest.startTick + 1).toBeGreaterThanOrEqual(10);
    expect(await keysOf(replayId)).toEqual(
      [...manifest.chunks.map((c) => chunkKey(replayId, c.index)), manifestKey(replayId)].sort(),
    );
    // Every stored chunk decodes, and is the chunk the manifest lists at its index.
    let bytes = text.length;
    for (const entry of manifest.chunks) {
      const stored = new Uint8Array(
        await (await env.REPLAYS!.get(chunkKey(replayId, entry.index)))!.arrayBuffer(),
      );
      const chunk = decodeReplayChunk(stored);
      if (!chunk.ok) throw new Error(chunk.error);
      expect(chunk.value).toMatchObject({
        index: entry.index,
        firstTick: entry.firstTick,
        lastTick: entry.lastTick,
      });
      expect(chunk.value.records[0]!.kind).toBe("key");
      expect(stored.length).toBe(entry.bytes);
      bytes += stored.length;
    }
    const row = await new ReplayRepository(env.DB).find(replayId);
    expect(row).toMatchObject({
      roomId,
      game: "connect-four",
      mode: "duel",
      region: "weur",
      access: "ticket",
      startedAt: manifest.startedAt,
      endedAt: manifest.endedAt,
      durationMs: manifest.durationMs,
      players: [
        { playerId: 1, name: "ada" },
        { playerId: 2, name: "bob" },
      ],
      chunks: manifest.chunks.length,
      sizeBytes: bytes,
    });

    // Its players find it among their own matches; a stranger does not see it at all.
    const mine = async (token: string) =>
      (
        (await (await call("GET", "/v1/replays?mine=true", token)).json()) as {
          replays: { replayId: string }[];
        }
      ).replays.map((r) => r.replayId);
    expect(await mine(bob.accessToken)).toContain(replayId);
    const all = (await (
      await call("GET", "/v1/replays?game=connect-four&limit=100", eve.accessToken)
    ).json()) as { replays: { replayId: string }[] };
    expect(all.replays.map((r) => r.replayId)).not.toContain(replayId);
    const served = await call("GET", `/v1/replays/${replayId}/chunks/0`, ada.accessToken);
    const first = await (await env.REPLAYS!.get(chunkKey(replayId, 0)))!.arrayBuffer();
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(new Uint8Array(first));
  });

  it("finishes at its next start a recording that an earlier run left without a manifest", async () => {
    const ada = await signInGuest("ada");
    const roomId = "mm-duel-rec-2";
    await duelRoom(roomId, [ada.accountId]);
    const startedAt = Date.now() - 30_000;
    const replayId = newReplayId(startedAt, (b) => crypto.getRandomValues(b));
    const chunk = Uint8Array.of(1, 2, 3);
    await env.REPLAYS!.put(chunkKey(replayId, 0), chunk);
    const manifest: ReplayManifest = {
      format: 1,
      roomId,
      game: "connect-four",
      schema: CONNECT_FOUR_SCHEMA.fingerprint,
      tickRate: 10,
      startTick: 0,
      endTick: 99,
      durationMs: 10_000,
      keyframeTicks: 20,
      startedAt,
      endedAt: startedAt + 10_000,
      players: [{ playerId: 1, name: "ada", accountId: ada.accountId }],
      chunks: [{ index: 0, firstTick: 0, lastTick: 99, bytes: chunk.length }],
    };
    const room = {
      roomId,
      game: "connect-four",
      mode: "duel",
      region: "weur",
      access: "ticket" as const,
    };
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
    // What the object had kept when it stopped: the manifest of its stored chunks.
    await runInDurableObject(stub, (_room, state) =>
      state.storage.put(`${PENDING_REPLAY_PREFIX}${replayId}`, {
        replayId,
        room,
        manifest,
      } satisfies PendingReplay),
    );

    await evictDurableObject(stub);
    await exports.default.fetch(`http://edgetick.test/v1/rooms/${roomId}`);

    const row = await eventually(() => new ReplayRepository(env.DB).find(replayId), "the row");
    expect(row).toMatchObject({ roomId, region: "weur", chunks: 1, durationMs: 10_000 });
    expect(await keysOf(replayId)).toEqual([chunkKey(replayId, 0), manifestKey(replayId)].sort());
    expect(await new ReplayRepository(env.DB).playedIn(replayId, ada.accountId)).toBe(true);
    const left = await runInDurableObject(stub, (_room, state) =>
      state.storage.list({ prefix: PENDING_REPLAY_PREFIX }),
    );
    expect(left.size).toBe(0);
  });
});

describe("replay storage failures", () => {
  /** A RoomReplays on a scratch object's storage, with `bucket` standing in for REPLAYS. */
  function storageOn(state: DurableObjectState, bucket: R2Bucket, roomId: string) {
    const work: Promise<unknown>[] = [];
    const replays = new RoomReplays(
      {
        bucket,
        db: env.DB,
        storage: state.storage,
        waitUntil: (p) => work.push(p),
        random: (b) => crypto.getRandomValues(b),
        now: Date.now,
      },
      () => ({ roomId, game: "connect-four", mode: "duel", region: null, access: "public" }),
    );
    return { replays, settled: () => Promise.all(work) };
  }

  /** A manifest of `chunks` one-tick chunks of room `roomId`. */
  function manifestOf(roomId: string, chunks: number): ReplayManifest {
    const now = Date.now();
    return {
      format: 1,
      roomId,
      game: "connect-four",
      schema: 1,
      tickRate: 10,
      startTick: 0,
      endTick: chunks - 1,
      durationMs: chunks * 100,
      keyframeTicks: 1,
      startedAt: now,
      endedAt: now,
      players: [{ playerId: 1, name: "ada" }],
      chunks: Array.from({ length: chunks }, (_, i) => ({
        index: i,
        firstTick: i,
        lastTick: i,
        bytes: 1,
      })),
    };
  }

  it("retries a chunk R2 refuses at first, in order, and then lists the replay", async () => {
    const roomId = "rec-flaky";
    let failures = 2;
    const order: string[] = [];
    const flaky = {
      put: async (key: string, value: Uint8Array | string) => {
        if (key.endsWith("/0") && failures-- > 0) throw new Error("R2 unavailable (injected)");
        order.push(key.split("/").at(-1)!);
        return env.REPLAYS!.put(key, value);
      },
    } as unknown as R2Bucket;
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName("rec-scratch-1"));
    await runInDurableObject(stub, async (_room, state) => {
      const { replays, settled } = storageOn(state, flaky, roomId);
      // Handed over from the tick: neither call waits for R2.
      replays.chunk(
        Uint8Array.of(7),
        { index: 0, firstTick: 0, lastTick: 0, bytes: 1 },
        manifestOf(roomId, 1),
      );
      replays.chunk(
        Uint8Array.of(8),
        { index: 1, firstTick: 1, lastTick: 1, bytes: 1 },
        manifestOf(roomId, 2),
      );
      await replays.manifest(manifestOf(roomId, 2));
      await settled();
    });
    expect(failures).toBe(-1);
    // Chunk 0 was retried before chunk 1 was written, and the manifest came last.
    expect(order).toEqual(["0", "1", "manifest.json"]);
    const id = await replayOfRoom(roomId);
    expect(id).toBeDefined();
    expect(await keysOf(id!)).toHaveLength(3);
  });

  it("drops a replay whose chunk R2 refuses every time, logging it, and never throws", async () => {
    const roomId = "rec-broken";
    const refusing = {
      put: async (key: string, value: Uint8Array | string) => {
        if (key.endsWith("/0")) throw new Error("R2 unavailable (injected)");
        return env.REPLAYS!.put(key, value);
      },
    } as unknown as R2Bucket;
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName("rec-scratch-2"));
    const pending = await runInDurableObject(stub, async (_room, state) => {
      const { replays, settled } = storageOn(state, refusing, roomId);
      replays.chunk(
        Uint8Array.of(7),
        { index: 0, firstTick: 0, lastTick: 0, bytes: 1 },
        manifestOf(roomId, 1),
      );
      await replays.manifest(manifestOf(roomId, 1));
      await settled();
      return state.storage.list({ prefix: PENDING_REPLAY_PREFIX });
    });
    // Not listed (a listed replay is complete), nothing left to finish at the next start.
    expect(await replayOfRoom(roomId)).toBeUndefined();
    expect(pending.size).toBe(0);
  }, 20_000);
});
