// A Worker that does one platform thing per request, chosen by the path, for
// bench/memory-bisect.ts: workerd's resident memory is sampled while one path is hit over
// and over, so each of the things our Worker and rooms do per request and per socket (D1,
// Durable Object storage, rate limits, hibernatable WebSockets, alarms, logging) is measured
// alone, against a plain answer from the same Worker under the same wrangler. /ws-msg keeps
// its sockets and exchanges frames with them at a room's rates (bench/memory-messages.ts).
import { DurableObject } from "cloudflare:workers";

const ok = () => new Response("ok");

/** The probe's Durable Object: storage, alarms and WebSockets. */
export class Probe extends DurableObject {
  #n = 0;
  /** /ws-msg sockets by their tag, sent to on the 30 Hz timer while any is open. */
  #talking = new Map();
  #timer;
  #tick = 0;
  #bytesIn = 0;

  async fetch(request) {
    const path = new URL(request.url).pathname;
    const n = this.#n++;
    switch (path) {
      case "/do":
        return ok();
      case "/do-sql":
        this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v REAL)");
        this.ctx.storage.sql.exec("INSERT OR REPLACE INTO t VALUES (?, ?)", `k${n % 100}`, n);
        return ok();
      case "/do-kv":
        await this.ctx.storage.put(`k${n % 100}`, { at: n, room: "probe" });
        return ok();
      case "/do-alarm":
        await this.ctx.storage.setAlarm(Date.now() + 60_000);
        return ok();
      case "/ws-hib": {
        // As the room does: a unique tag per socket and an attachment.
        const [client, server] = Object.values(new WebSocketPair());
        const conn = crypto.randomUUID();
        this.ctx.acceptWebSocket(server, [conn]);
        server.serializeAttachment({ conn, roomId: "probe", address: "127.0.0.1" });
        return new Response(null, { status: 101, webSocket: client });
      }
      case "/ws-msg": {
        // As a room at steady state: hibernatable with a tag and an attachment, sent a frame
        // of ?bytes= bytes 30 times a second; what it receives is read with its attachment.
        const [client, server] = Object.values(new WebSocketPair());
        const conn = crypto.randomUUID();
        this.ctx.acceptWebSocket(server, [conn]);
        server.serializeAttachment({ conn, roomId: "probe", address: "127.0.0.1" });
        this.#talking.set(conn, server);
        const bytes = Number(new URL(request.url).searchParams.get("bytes") ?? 230);
        this.#timer ??= setInterval(() => this.#send(bytes), 1000 / 30);
        return new Response(null, { status: 101, webSocket: client });
      }
      case "/ws-hib-plain": {
        const [client, server] = Object.values(new WebSocketPair());
        this.ctx.acceptWebSocket(server);
        return new Response(null, { status: 101, webSocket: client });
      }
      case "/ws": {
        const [client, server] = Object.values(new WebSocketPair());
        server.accept();
        server.addEventListener("close", (e) => server.close(e.code === 1005 ? 1000 : 1000));
        return new Response(null, { status: 101, webSocket: client });
      }
      default:
        return new Response("no such probe", { status: 404 });
    }
  }

  #send(bytes) {
    const frame = new Uint8Array(bytes);
    new DataView(frame.buffer).setUint32(0, this.#tick++);
    for (const ws of this.#talking.values()) ws.send(frame);
  }

  webSocketMessage(ws, message) {
    const a = ws.deserializeAttachment();
    if (a) this.#bytesIn += typeof message === "string" ? message.length : message.byteLength;
  }

  webSocketClose(ws) {
    this.#gone(ws);
    try {
      ws.close(1000, "bye");
    } catch {
      // Already closed by the reset.
    }
  }

  webSocketError(ws) {
    this.#gone(ws);
  }

  #gone(ws) {
    const a = ws.deserializeAttachment();
    if (a) this.#talking.delete(a.conn);
    if (this.#talking.size > 0 || !this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  alarm() {}
}

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    switch (path) {
      case "/plain":
        return ok();
      case "/d1":
        await env.DB.prepare("SELECT ?1 AS v").bind(1).first();
        return ok();
      case "/d1-write":
        await env.DB.prepare("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v REAL)").run();
        await env.DB.prepare("INSERT OR REPLACE INTO t VALUES (?1, ?2)")
          .bind(`k${Math.floor(Math.random() * 100)}`, Date.now())
          .run();
        return ok();
      case "/limit":
        await env.LIMITER.limit({ key: "probe" });
        return ok();
      case "/log":
        // biome-ignore lint/suspicious/noConsole: the probe measures what logging costs
        console.log("probe", path, Date.now());
        return ok();
      case "/error":
        console.error("probe failed", new Error("probe"));
        return ok();
      default:
        return env.PROBE.get(env.PROBE.idFromName("probe")).fetch(request);
    }
  },
};
