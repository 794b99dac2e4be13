// The page's list of peers: this one, then every other peer of the session with the path its
// link takes ("direct", "turn" or "relay") and how long it took to open.

import type { MeshSession } from "@edgetick/client";
import { playerColor } from "../render.js";
import type { MeshPeerView } from "./debug-handle.js";

/** Each other peer of `session` as the page shows it (`names` by peer id). */
export function peerViews(
  session: MeshSession,
  names: ReadonlyMap<number, string>,
): MeshPeerView[] {
  const joined = new Map(session.mesh.peers().map((p) => [p.peerId, p]));
  return session.links().map((link) => {
    const peer = joined.get(link.peerId);
    const report = link.report;
    return {
      peerId: link.peerId,
      name: names.get(link.peerId) ?? `#${link.peerId}`,
      ready: peer?.ready ?? false,
      path: peer?.path ?? report?.path ?? "none",
      state: link.state,
      ...(report && { openMs: Math.round(report.openMs) }),
      ...(report?.fallbackMs !== undefined && { fallbackMs: Math.round(report.fallbackMs) }),
    };
  });
}

/** Redraws `list`: this peer first, then the others with their links. */
export function showPeers(
  list: HTMLElement,
  me: { readonly peerId: number; readonly name: string },
  peers: readonly MeshPeerView[],
): void {
  const item = (peerId: number, text: string) => {
    const li = document.createElement("li");
    li.dataset.peer = String(peerId);
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = playerColor(peerId);
    li.append(swatch, text);
    return li;
  };
  list.replaceChildren(
    item(me.peerId, `${me.name} (you)`),
    ...peers.map((p) => {
      const li = item(p.peerId, `${p.name} — ${describe(p)}`);
      li.dataset.path = p.path;
      li.dataset.state = p.state;
      return li;
    }),
  );
}

function describe(p: MeshPeerView): string {
  if (p.state === "closed") return "link lost";
  if (p.state === "connecting" || p.openMs === undefined) return "connecting…";
  const fallback = p.fallbackMs === undefined ? "" : `, direct gave up at ${p.fallbackMs} ms`;
  return `${p.path} (open in ${p.openMs} ms${fallback})${p.ready ? "" : ", waiting for hello"}`;
}
