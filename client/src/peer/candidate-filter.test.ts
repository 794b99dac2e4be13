import { describe, expect, it } from "vitest";
import { candidatePredicate, candidateType, filterSdp } from "./candidate-filter.js";

const HOST = "candidate:1 1 udp 2122260223 192.0.2.2 54400 typ host generation 0";
const SRFLX =
  "candidate:2 1 udp 1686052607 203.0.113.9 54400 typ srflx raddr 192.0.2.2 rport 54400";
const RELAY = "candidate:3 1 udp 41885439 198.51.100.7 3478 typ relay raddr 203.0.113.9 rport 1";

describe("candidate filters", () => {
  it("reads the type of a candidate line", () => {
    expect([HOST, SRFLX, RELAY, "candidate:x"].map(candidateType)).toEqual([
      "host",
      "srflx",
      "relay",
      "",
    ]);
  });

  it("keeps what each preset says", () => {
    const keeps = (filter: "all" | "no-host" | "relay-only") =>
      [HOST, SRFLX, RELAY].filter((candidate) =>
        candidatePredicate(filter)({ type: candidateType(candidate), origin: "local", candidate }),
      );
    expect(keeps("all")).toEqual([HOST, SRFLX, RELAY]);
    expect(keeps("no-host")).toEqual([SRFLX, RELAY]);
    expect(keeps("relay-only")).toEqual([RELAY]);
  });

  it("drops refused candidate lines from a description and keeps every other line", () => {
    const sdp = ["v=0", `a=${HOST}`, "a=mid:0", `a=${RELAY}`, "a=end-of-candidates", ""].join(
      "\r\n",
    );
    expect(filterSdp(sdp, candidatePredicate("relay-only"), "remote")).toBe(
      ["v=0", "a=mid:0", `a=${RELAY}`, "a=end-of-candidates", ""].join("\r\n"),
    );
  });

  it("passes the origin to a predicate", () => {
    const seen: string[] = [];
    filterSdp(`a=${HOST}`, (c) => seen.push(`${c.origin} ${c.type}`) > 0, "remote");
    expect(seen).toEqual(["remote host"]);
  });

  it("refuses an unknown preset, naming the field", () => {
    expect(() => candidatePredicate("none" as "all")).toThrow(
      new RangeError(
        'rtc.candidateFilter must be "all", "no-host", "relay-only" or a function, got "none"',
      ),
    );
  });
});
