import { describe, expect, it } from "vitest";
import { selectedPath } from "./rtc-path.js";
import type { RtcPeerConnectionLike, RtcStat } from "./rtc-peer-connection.js";

/** A connection whose getStats answers `stats` (only getStats is used). */
function statsOf(stats: RtcStat[]): RtcPeerConnectionLike {
  return {
    getStats: async () => ({ forEach: (f: (s: RtcStat) => void) => stats.forEach(f) }),
  } as unknown as RtcPeerConnectionLike;
}

const candidates: RtcStat[] = [
  { type: "local-candidate", id: "lh", candidateType: "host" },
  { type: "local-candidate", id: "lr", candidateType: "relay" },
  { type: "remote-candidate", id: "rs", candidateType: "srflx" },
];

describe("selectedPath", () => {
  it("follows the transport's selected pair: a relay candidate at either end is TURN", async () => {
    const pairs: RtcStat[] = [
      { type: "candidate-pair", id: "p1", localCandidateId: "lh", remoteCandidateId: "rs" },
      { type: "candidate-pair", id: "p2", localCandidateId: "lr", remoteCandidateId: "rs" },
    ];
    const via = (pair: string) =>
      selectedPath(
        statsOf([
          ...candidates,
          ...pairs,
          { type: "transport", id: "t", selectedCandidatePairId: pair },
        ]),
      );
    expect(await via("p1")).toBe("direct");
    expect(await via("p2")).toBe("turn");
  });

  it("takes the nominated succeeded pair, or Firefox's selected one, when the transport names none", async () => {
    const nominated: RtcStat[] = [
      {
        type: "candidate-pair",
        id: "p1",
        localCandidateId: "lh",
        remoteCandidateId: "rs",
        nominated: true,
        state: "in-progress",
      },
      {
        type: "candidate-pair",
        id: "p2",
        localCandidateId: "lr",
        remoteCandidateId: "rs",
        nominated: true,
        state: "succeeded",
      },
    ];
    expect(await selectedPath(statsOf([...candidates, ...nominated]))).toBe("turn");
    const selected: RtcStat[] = [
      {
        type: "candidate-pair",
        id: "p1",
        localCandidateId: "lh",
        remoteCandidateId: "rs",
        selected: true,
      },
    ];
    expect(await selectedPath(statsOf([...candidates, ...selected]))).toBe("direct");
  });

  it("is undefined while no pair is selected", async () => {
    const pending: RtcStat[] = [
      {
        type: "candidate-pair",
        id: "p1",
        localCandidateId: "lh",
        remoteCandidateId: "rs",
        state: "in-progress",
      },
    ];
    expect(await selectedPath(statsOf([...candidates, ...pending]))).toBeUndefined();
  });
});
