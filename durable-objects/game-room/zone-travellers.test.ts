import { describe, expect, it } from "vitest";
import type { HelloMessage } from "../../shared/protocol/client-messages.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/limits.js";
import type { ZoneCore } from "../../shared/zones/zone-core.js";
import { encodeTicket } from "../../shared/zones/zone-ticket.js";
import { ZoneTravellers } from "./zone-travellers.js";

const NONCE = "0123456789abcdef0123456789abcdef";
const TICKET = encodeTicket({ from: "0.0", to: "1.0", nonce: NONCE });

/** Zone 1.0 as the travellers see it: whether it expects the ticket, and its seats. */
function zone(seats: { accountId: string; resumeToken: string }[]) {
  const state = { expects: true };
  const core = {
    id: "1.0",
    admits: (token: string) => token === TICKET && state.expects,
    room: {
      players: () => seats,
      resumes: (token: string, accountId: string) =>
        seats.some((s) => s.resumeToken === token && s.accountId === accountId),
    },
  };
  // The double has the public shape the travellers read.
  return { core: core as unknown as ZoneCore<unknown>, state };
}

const hello = (token: string, resume = ""): HelloMessage => ({
  type: "hello",
  version: PROTOCOL_VERSION,
  game: "world",
  schema: 1,
  name: "ada",
  token,
  resume,
  role: "player",
});

describe("a zone's travellers", () => {
  it("admit a ticket as the announced account while the zone expects it, never after it expired", () => {
    const t = new ZoneTravellers();
    const { core, state } = zone([]);
    expect(t.accountOf(hello(TICKET), core, 0)).toBeUndefined();
    t.announce(NONCE, "acc", 5_000);
    state.expects = false;
    expect(t.accountOf(hello(TICKET), core, 1_000)).toBeUndefined();
    state.expects = true;
    expect(
      t.accountOf(hello(encodeTicket({ from: "0.0", to: "2.0", nonce: NONCE })), core, 1_000),
    ).toBeUndefined();
    expect(t.accountOf(hello(TICKET), core, 1_000)).toBe("acc");
  });

  it("admit the ticket again after the arrival only for the seat's own resume, kept through a restart", () => {
    const seats = [{ accountId: "acc", resumeToken: "r-acc" }];
    const { core, state } = zone(seats);
    const before = new ZoneTravellers();
    before.announce(NONCE, "acc", 5_000);
    expect(before.accountOf(hello(TICKET), core, 1_000)).toBe("acc");
    state.expects = false; // the core took the ticket: it is the seat's now
    // The restarted zone reads back what was stored with its snapshot.
    const t = new ZoneTravellers(structuredClone(before.entries()));
    expect(t.accountOf(hello(TICKET), core, 90_000)).toBeUndefined();
    expect(t.accountOf(hello(TICKET, "r-other"), core, 90_000)).toBeUndefined();
    expect(t.accountOf(hello(TICKET, "r-acc"), core, 90_000)).toBe("acc");
    // Its player left (no seat of the account): past the arrival's minute it is forgotten.
    const gone = zone([]);
    gone.state.expects = false;
    expect(t.accountOf(hello(TICKET, "r-acc"), gone.core, 90_000)).toBeUndefined();
    expect(t.entries()).toEqual([]);
  });
});
