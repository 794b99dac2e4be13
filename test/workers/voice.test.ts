// Voice through the GameRoom Durable Object inside workerd: an arena room relays a player's
// VOICE frames to the others, never back; a moderator's mute (the HTTP route) reaches every
// player as VOICE_STATE, stops the relay, and holds across a resume, a fresh seat and an
// eviction of the object, until unmuted; the room's stats and usage rows count the voice bytes; a
// room of a game without voice closes a VOICE frame's link with 4004.

import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ARENA_VOICE_CHANNEL } from "../../games/arena/index.js";
import { CONNECT_FOUR_SCHEMA } from "../../games/connect-four/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { encodeVoice, RELAYED_VOICE_HEADER_BYTES } from "../../shared/protocol/voice-messages.js";
import { eventually } from "./eventually.js";
import { RoomSocket } from "./room-socket.js";
import { call, mintJoinTicket, signInGuest, signInWithRoles } from "./sign-in.js";

const OPUS = Uint8Array.of(0xfc, 0xff, 0xfe);

function talk(s: RoomSocket, seq: number): void {
  const w = new ByteWriter();
  encodeVoice(w, { seq, channel: ARENA_VOICE_CHANNEL.ALL, end: false, payload: OPUS });
  s.send(w.toBytes());
}

/**
 * Waits until the room handled everything `speaker` sent and `listener` received everything
 * the room sent it meanwhile: each socket's PONG follows its earlier frames in order.
 */
async function settled(speaker: RoomSocket, listener: RoomSocket, mark: number): Promise<void> {
  speaker.ping(mark);
  await speaker.next("pong", (m) => m.clientTime === mark);
  listener.ping(mark);
  await listener.next("pong", (m) => m.clientTime === mark);
}

const seqs = (s: RoomSocket) => s.all("voice").map((v) => v.seq);

async function mute(roomId: string, playerId: number, muted: boolean, token: string) {
  const res = await call("POST", `/v1/rooms/${roomId}/players/${playerId}/mute`, token, { muted });
  expect(res.status).toBe(200);
  return res.json();
}

describe("GameRoom voice relay", () => {
  it("relays a player's frames to the other players, not back to the speaker, and counts the bytes", async () => {
    const roomId = "voice-relay";
    const admin = await signInWithRoles(["admin"]);
    const ada = await RoomSocket.join(roomId, "ada");
    const bob = await RoomSocket.join(roomId, "bob");
    const adaId = ada.all("welcome")[0]!.playerId;
    talk(ada, 1);
    talk(ada, 2);
    const relayed = await bob.next("voice", (v) => v.seq === 2);
    expect(relayed).toEqual({
      type: "voice",
      speaker: adaId,
      seq: 2,
      channel: ARENA_VOICE_CHANNEL.ALL,
      end: false,
      payload: OPUS,
    });
    await settled(ada, bob, 1);
    expect(seqs(bob)).toEqual([1, 2]);
    expect(seqs(ada)).toEqual([]);
    const stats = await call("GET", `/v1/admin/rooms/${roomId}/stats`, admin.accessToken);
    expect((await stats.json()) as { voice: unknown }).toMatchObject({
      voice: {
        framesIn: 2,
        framesOut: 2,
        bytesOut: 2 * (RELAYED_VOICE_HEADER_BYTES + OPUS.length),
        droppedMuted: 0,
      },
    });
    ada.close();
    bob.close();
    // The room empties and writes its usage: the voice bytes have a counter of their own.
    const usage = await eventually(async () => {
      const row = await env.DB.prepare(
        "SELECT sum(voice_bytes) voice, sum(bytes_out) bytesOut FROM usage_minutes WHERE kind = 'room' AND object_id = ?",
      )
        .bind(roomId)
        .first<{ voice: number | null; bytesOut: number | null }>();
      return row?.voice ? row : undefined;
    }, "the room's usage written");
    expect(usage.voice).toBe(2 * (RELAYED_VOICE_HEADER_BYTES + OPUS.length));
    expect(usage.bytesOut).toBeGreaterThan(usage.voice!);
  });

  it("enforces a moderator's mute at once, across a resume, a fresh seat and an eviction, until unmuted", async () => {
    const roomId = "voice-mute";
    const mod = await signInWithRoles(["player", "moderator"]);
    const adaToken = (await signInGuest("ada")).accessToken;
    let ada = await RoomSocket.join(roomId, "ada", adaToken);
    const bob = await RoomSocket.join(roomId, "bob");
    const adaId = ada.all("welcome")[0]!.playerId;

    expect(await mute(roomId, adaId, true, mod.accessToken)).toEqual({ affected: 1 });
    const muted = { type: "voice-state", playerId: adaId, muted: true };
    expect(await ada.next("voice-state")).toEqual(muted);
    expect(await bob.next("voice-state")).toEqual(muted);
    talk(ada, 1);
    await settled(ada, bob, 1);
    expect(seqs(bob)).toEqual([]);

    // The link drops and resumes: the join sequence says muted, and the relay still drops.
    const resume = ada.all("welcome")[0]!.resumeToken;
    ada.drop();
    await ada.closedWithin();
    ada = await RoomSocket.join(roomId, "ada", adaToken, resume);
    expect(ada.all("welcome")[0]).toMatchObject({ playerId: adaId, resumed: true });
    expect(await ada.next("voice-state")).toEqual(muted);
    talk(ada, 2);
    await settled(ada, bob, 2);
    expect(seqs(bob)).toEqual([]);

    // Everyone leaves, the object is evicted: the mute is in its storage.
    ada.close();
    bob.close();
    await ada.closedWithin();
    await bob.closedWithin();
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
    await evictDurableObject(stub);
    ada = await RoomSocket.join(roomId, "ada", adaToken);
    const carl = await RoomSocket.join(roomId, "carl");
    const newId = ada.all("welcome")[0]!.playerId;
    expect(await carl.next("voice-state", (m) => m.playerId === newId)).toEqual({
      ...muted,
      playerId: newId,
    });
    talk(ada, 3);
    await settled(ada, carl, 3);
    expect(seqs(carl)).toEqual([]);

    // Unmuted: everyone hears of it, and the next frame is relayed.
    expect(await mute(roomId, newId, false, mod.accessToken)).toEqual({ affected: 1 });
    expect(await carl.next("voice-state", (m) => !m.muted)).toEqual({
      type: "voice-state",
      playerId: newId,
      muted: false,
    });
    talk(ada, 4);
    expect((await carl.next("voice")).seq).toBe(4);
    ada.close();
    carl.close();
  });

  it("closes a VOICE in a room whose game declares no voice with 4004", async () => {
    const roomId = "voice-none";
    const { accountId } = await signInGuest("vi");
    const configured = await env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId)).fetch(
      "https://room.internal/configure",
      {
        method: "POST",
        headers: { "X-Edgetick-Room": roomId, "Content-Type": "application/json" },
        body: JSON.stringify({
          game: "connect-four",
          mode: "duel",
          access: "ticket",
          capacity: 2,
          members: [accountId],
          origin: "matchmaker",
        }),
      },
    );
    expect(configured.status).toBe(200);
    await configured.arrayBuffer();
    const socket = await RoomSocket.open(roomId);
    const game = { name: "connect-four", fingerprint: CONNECT_FOUR_SCHEMA.fingerprint };
    socket.hello("vi", await mintJoinTicket(accountId, roomId), "", game);
    await socket.next("welcome");
    talk(socket, 1);
    expect(await socket.closedWithin()).toEqual({
      code: CLOSE.UNEXPECTED_MESSAGE.code,
      reason: "unexpected message: this game has no voice",
    });
  });
});
