// The demo's simulated network: `?lag=`, `?jitter=` and `?loss=` in the page URL become the
// connection's `simulate` option, applied by the client adapter to every frame after the
// handshake, in both directions:
// - lag=L: L ms added to the round trip (L / 2 each way);
// - jitter=J: each frame waits up to J ms more (uniform), order kept;
// - loss=P: P% of frames need a "retransmission": the WebSocket is reliable, so the frame
//   is not dropped but arrives max(200, L) ms late and holds back the frames behind it.

import type { SimulateOptions } from "@edgetick/client";

/** The simulated link asked for by the page URL, or undefined for none. */
export function simulatedLinkFrom(params: URLSearchParams): SimulateOptions | undefined {
  const lag = number(params, "lag");
  const jitter = number(params, "jitter");
  const loss = number(params, "loss");
  if (lag === 0 && jitter === 0 && loss === 0) return undefined;
  return {
    latencyMs: lag / 2,
    jitterMs: jitter,
    loss: Math.min(loss, 100) / 100,
    seed: Math.floor(Math.random() * 2 ** 31),
  };
}

/** A short label of the simulated link, e.g. "lag 150 ms, jitter 30 ms, loss 5%". */
export function describeLink(params: URLSearchParams): string {
  const parts = [
    number(params, "lag") > 0 ? `lag ${number(params, "lag")} ms` : "",
    number(params, "jitter") > 0 ? `jitter ${number(params, "jitter")} ms` : "",
    number(params, "loss") > 0 ? `loss ${number(params, "loss")}%` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "no simulated link";
}

function number(params: URLSearchParams, name: string): number {
  const v = Number(params.get(name) ?? 0);
  return Number.isFinite(v) && v > 0 ? v : 0;
}
