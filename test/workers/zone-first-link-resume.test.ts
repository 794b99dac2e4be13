// A world client's first zone link is opened with the join ticket the world's join gave it,
// which expires after 60 s; a redial after a cut presents it again with the seat's resume
// token. The zone admits that (the ticket still proves whose it is; the resume token, handed
// over in the WELCOME, is the credential that lasts): a cut after a minute no longer ends
// the world. The expired ticket takes no seat of its own, and resumes no one else's.
// The minute is not waited out: the test's Date is moved past the ticket's expiry
// (vi.setSystemTime; the zone objects run in the test's isolate).
import { afterEach, describe, expect, it, vi } from "vitest";
import { spawnPoint, WORLD_ZONE_SIZE, walkerTag } from "../../games/world/index.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { eventually } from "./eventually.js";
import { call, signInGuest } from "./sign-in.js";
import { ZoneSocket } from "./zone-socket.js";

interface Placement {
  zoneId: string;
  ticket: string;
  socketPath: string;
}

/** The join ticket's lifetime, ms (the world route's). */
const JOIN_TICKET_MS = 60_000;

async function join(world: string, name: string): Promise<Placement> {
  const s = await signInGuest(name);
  const res = await call("POST", `/v1/worlds/${world}/join`, s.accessToken, { name });
  expect(res.status).toBe(200);
  return (await res.json()) as Placement;
}

/** The zone cell a walker named `name` spawns in. */
function spawnCell(name: string): string {
  const { x, y } = spawnPoint(walkerTag(name));
  return `${Math.floor(x / WORLD_ZONE_SIZE)}.${Math.floor(y / WORLD_ZONE_SIZE)}`;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the first zone link after its join ticket expired", () => {
  it("resumes its seat with the ticket and the seat's resume token", async () => {
    const ada = await join("first-link", "ada-75");
    const first = await ZoneSocket.open(ada.socketPath, ada.ticket, "ada-75");
    await eventually(() => first.welcomed, "welcome from the placed zone");
    const { playerId, resumeToken } = first.welcome!;
    vi.setSystemTime(Date.now() + JOIN_TICKET_MS + 5_000);
    first.cut();
    await first.closed;
    const again = await ZoneSocket.open(ada.socketPath, ada.ticket, "ada-75", resumeToken);
    const outcome = await Promise.race([
      eventually(() => again.welcome, "the redial's WELCOME"),
      again.closed,
    ]);
    expect(outcome).toEqual({ playerId, resumed: true, resumeToken: expect.any(String) });
    again.close();
  });

  it("takes no seat with an expired ticket, resumes no other account's seat, refuses a doctored one", async () => {
    const bob = await join("first-link-refused", "bob-75");
    // eve spawns in bob's zone: her ticket is for the room holding bob's seat.
    let n = 0;
    while (spawnCell(`eve-${n}`) !== spawnCell("bob-75")) n++;
    const eve = await join("first-link-refused", `eve-${n}`);
    expect(eve.zoneId).toBe(bob.zoneId);
    const held = await ZoneSocket.open(bob.socketPath, bob.ticket, "bob-75");
    await eventually(() => held.welcomed, "bob welcomed");
    vi.setSystemTime(Date.now() + JOIN_TICKET_MS + 5_000);
    held.cut();
    await held.closed;
    const fresh = await ZoneSocket.open(bob.socketPath, bob.ticket, "bob-75");
    expect((await fresh.closed).code).toBe(CLOSE.EXPIRED_CREDENTIALS.code);
    // eve's expired ticket with bob's resume token: the seat is bob's.
    const other = await ZoneSocket.open(
      eve.socketPath,
      eve.ticket,
      `eve-${n}`,
      held.welcome!.resumeToken,
    );
    expect((await other.closed).code).toBe(CLOSE.EXPIRED_CREDENTIALS.code);
    // bob's expired ticket with a doctored signature: refused as forged, resume or not.
    const [h, p, sig] = bob.ticket.split(".");
    const forged = `${h}.${p}.${sig!.startsWith("A") ? "B" : "A"}${sig!.slice(1)}`;
    const doctored = await ZoneSocket.open(
      bob.socketPath,
      forged,
      "bob-75",
      held.welcome!.resumeToken,
    );
    expect((await doctored.closed).code).toBe(CLOSE.FORGED_CREDENTIALS.code);
    // bob himself still comes back.
    const back = await ZoneSocket.open(
      bob.socketPath,
      bob.ticket,
      "bob-75",
      held.welcome!.resumeToken,
    );
    await eventually(() => back.welcome?.resumed, "bob resumes");
    back.close();
  });
});
