// Which ICE candidates a data-channel link uses. Production links use them all; tests and
// benches narrow them to force a path ("no-host": no LAN addresses, as across two NATs;
// "relay-only": TURN only, so with no TURN server the direct attempt fails and the session
// relay takes over). A filter applies to the candidates this peer gathers (they are never
// signaled) and to those the other peer signals (they are never added), in trickled
// candidates and in the `a=candidate` lines of session descriptions alike.

/** One candidate as a filter sees it. */
export interface CandidateInfo {
  /** "host", "srflx" (STUN), "prflx" or "relay" (TURN), as the candidate line says. */
  readonly type: string;
  /** Gathered here (`local`) or signaled by the other peer (`remote`). */
  readonly origin: "local" | "remote";
  /** The candidate line, e.g. "candidate:1 1 udp 2122 192.0.2.2 5000 typ host". */
  readonly candidate: string;
}

/** A preset, or a predicate: true keeps the candidate. */
export type CandidateFilter = "all" | "no-host" | "relay-only" | ((c: CandidateInfo) => boolean);

/** The presets' predicates. */
const PRESETS = {
  all: () => true,
  "no-host": (c: CandidateInfo) => c.type !== "host",
  "relay-only": (c: CandidateInfo) => c.type === "relay",
} as const satisfies Record<string, (c: CandidateInfo) => boolean>;

/** The predicate of a filter. @throws RangeError naming an unknown preset */
export function candidatePredicate(filter: CandidateFilter): (c: CandidateInfo) => boolean {
  if (typeof filter === "function") return filter;
  if (typeof filter === "string" && Object.hasOwn(PRESETS, filter)) return PRESETS[filter];
  throw new RangeError(
    `rtc.candidateFilter must be "all", "no-host", "relay-only" or a function, got ${JSON.stringify(filter)}`,
  );
}

/** The type of a candidate line ("typ host" → "host"; "" when it has none). */
export function candidateType(candidate: string): string {
  return /\styp\s+([a-z]+)/.exec(candidate)?.[1] ?? "";
}

/** Whether `keep` keeps a candidate line of `origin`. */
export function keepsCandidate(
  keep: (c: CandidateInfo) => boolean,
  candidate: string,
  origin: "local" | "remote",
): boolean {
  return keep({ type: candidateType(candidate), origin, candidate });
}

/** `sdp` without the `a=candidate` lines `keep` refuses. */
export function filterSdp(
  sdp: string,
  keep: (c: CandidateInfo) => boolean,
  origin: "local" | "remote",
): string {
  return sdp
    .split("\r\n")
    .filter(
      (line) => !line.startsWith("a=candidate:") || keepsCandidate(keep, line.slice(2), origin),
    )
    .join("\r\n");
}
