// Which path a WebRTC link took, from its statistics: the selected candidate pair (the
// transport's selectedCandidatePairId, or the nominated succeeded pair where browsers do not
// name it), and the candidate types at its ends. A relay candidate at either end means the
// frames go through a TURN server; host, server-reflexive and peer-reflexive ones are direct.

import type { RtcPeerConnectionLike, RtcStat } from "./rtc-peer-connection.js";

/** "direct" or "turn" for the selected pair of `pc`; undefined while none is selected. */
export async function selectedPath(
  pc: RtcPeerConnectionLike,
): Promise<"direct" | "turn" | undefined> {
  const report = await pc.getStats();
  const stats = new Map<string, RtcStat>();
  report.forEach((s) => {
    stats.set(s.id, s);
  });
  let pair: RtcStat | undefined;
  for (const s of stats.values()) {
    if (s.type === "transport" && typeof s.selectedCandidatePairId === "string")
      pair = stats.get(s.selectedCandidatePairId);
  }
  if (!pair) {
    for (const s of stats.values()) {
      if (s.type !== "candidate-pair") continue;
      // Firefox marks the pair `selected`; others nominate it once checks succeed.
      if (s.selected === true || (s.nominated === true && s.state === "succeeded")) pair = s;
    }
  }
  if (!pair) return undefined;
  const ends = [pair.localCandidateId, pair.remoteCandidateId].map((id) =>
    typeof id === "string" ? stats.get(id) : undefined,
  );
  return ends.some((c) => c?.candidateType === "relay") ? "turn" : "direct";
}
