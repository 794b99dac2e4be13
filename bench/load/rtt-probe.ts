// The round trip split where it happens. One more player of the load room, in the bench's own
// thread (nothing else to do there but sample): a ClientSession of the client package over
// Node's WebSocket that pings four times a second. Its PING carries its clock and the room's
// PONG the room's clock when it handled the PING (Date.now() at the event's start: workerd
// reads the clock per event). On loopback both are the same system clock, so each round trip
// splits into the way up — wrangler's proxy, workerd, the frames queued ahead of it at the
// room's Durable Object — and the way down — the room's output (held while a storage write
// is unconfirmed), the proxy, this thread. The bots' RTT beside this one tells their own
// share: this thread's loop delay is measured too.

import { ClientSession, roomUrl } from "@edgetick/client";
import { arenaGame } from "../../games/arena/index.js";
import {
  emptyLatencies,
  type LatencyCounts,
  latencyQuantile,
  recordLatency,
} from "../../packages/bots/latency-histogram.js";
import { watchLoopDelay } from "../../packages/bots/loop-delay.js";

/** How often the probe pings, ms. */
const PING_EVERY_MS = 250;
/** The address the probe signs in from (the bots use 10.x; the admin 10.255.255.254). */
const PROBE_ADDRESS = "10.255.255.253";

/** What the probe measured, ms. */
export interface RttSplit {
  readonly samples: number;
  readonly rttMsP50: number;
  readonly rttMsP99: number;
  /** Ping sent → the room handled it. */
  readonly upMsP50: number;
  readonly upMsP99: number;
  /** The room handled it → the PONG read here. */
  readonly downMsP50: number;
  readonly downMsP99: number;
  /** How late the probe's own thread ran (its share of `down`). */
  readonly loopDelayMsP99: number;
}

/** A running probe. */
export interface RttProbe {
  /** Stops pinging, leaves, and returns the split. */
  stop(): RttSplit;
}

/**
 * Signs in a guest and joins `room` on `url` as the probe named `name`; resolves once
 * welcomed.
 */
export async function startRttProbe(url: string, room: string, name = "probe"): Promise<RttProbe> {
  const res = await fetch(`${url}/v1/auth/guest`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": PROBE_ADDRESS },
    body: JSON.stringify({ deviceId: `load-probe-${crypto.randomUUID()}`, name }),
  });
  if (!res.ok) throw new Error(`probe sign-in: ${res.status} ${await res.text()}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  const session = new ClientSession(arenaGame, 8);
  const ws = new WebSocket(roomUrl(url, room, arenaGame.name));
  ws.binaryType = "arraybuffer";
  const [rtt, up, down, loop] = [
    emptyLatencies(),
    emptyLatencies(),
    emptyLatencies(),
    emptyLatencies(),
  ];
  const sent = new Map<number, number>();
  let samples = 0;
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => ws.send(session.hello(name, accessToken));
    ws.onerror = () => reject(new Error("probe socket failed"));
    ws.onclose = (e) => reject(new Error(`probe closed ${e.code} ${e.reason}`));
    ws.onmessage = (e) => {
      const now = Date.now();
      const got = session.receive(new Uint8Array(e.data as ArrayBuffer), now);
      if (!got.ok) return;
      const msg = got.value;
      if (msg.type === "welcome") resolve();
      if (msg.type !== "pong") return;
      const at = sent.get(msg.clientTime);
      if (at === undefined) return;
      sent.delete(msg.clientTime);
      samples++;
      recordLatency(rtt, now - at);
      recordLatency(up, msg.serverTime - at);
      recordLatency(down, now - msg.serverTime);
    };
  });
  ws.onclose = null;
  const stopLoopWatch = watchLoopDelay(loop);
  const pinger = setInterval(() => {
    const now = Date.now();
    // The PING carries the clock's low 32 bits; the PONG echoes them.
    sent.set(now >>> 0, now);
    ws.send(session.ping(now));
  }, PING_EVERY_MS);
  const q = (c: LatencyCounts, p: number) => Math.round(latencyQuantile(c, p) * 100) / 100;
  return {
    stop() {
      clearInterval(pinger);
      stopLoopWatch();
      ws.close(1000);
      return {
        samples,
        rttMsP50: q(rtt, 0.5),
        rttMsP99: q(rtt, 0.99),
        upMsP50: q(up, 0.5),
        upMsP99: q(up, 0.99),
        downMsP50: q(down, 0.5),
        downMsP99: q(down, 0.99),
        loopDelayMsP99: q(loop, 0.99),
      };
    },
  };
}
