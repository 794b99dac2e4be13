// A walk across one zone border inside workerd, as a world client makes it over raw sockets:
// join world `worldId` as `name` (spawning in zone 0.0), walk right with one world input per
// 50 ms on every open link, open zone 1.0 with the ticket zone 0.0 sends, and wait for the
// switch and the old link's close. The walk goes on until `stop()`.
import { expect } from "vitest";
import { WALK } from "../../games/world/index.js";
import { eventually } from "./eventually.js";
import { call } from "./sign-in.js";
import { ZoneSocket } from "./zone-socket.js";

/** A walker past the border: both links, still walking right. */
export interface BorderWalk {
  readonly first: ZoneSocket;
  readonly next: ZoneSocket;
  /** World inputs sent so far. */
  readonly sent: () => number;
  stop(): void;
}

/** Walks `name` (a name spawning left of zone 1.0, e.g. ada-75) from zone 0.0 into 1.0. */
export async function walkIntoNextZone(
  worldId: string,
  name: string,
  accessToken: string,
): Promise<BorderWalk> {
  const res = await call("POST", `/v1/worlds/${worldId}/join`, accessToken, { name });
  const placed = (await res.json()) as { zoneId: string; ticket: string; socketPath: string };
  expect(placed.zoneId).toBe("0.0");
  const first = await ZoneSocket.open(placed.socketPath, placed.ticket, name);
  await eventually(() => first.welcomed, "welcome from zone 0.0");
  let seq = 0;
  let next: ZoneSocket | undefined;
  const walking = setInterval(() => {
    first.input(seq, WALK.RIGHT);
    next?.input(seq, WALK.RIGHT);
    seq++;
  }, 50);
  try {
    const ticket = await eventually(
      () => first.frames.find((f) => f.type === "ticket"),
      "a zone ticket for 1.0",
      10_000,
    );
    if (ticket.type !== "ticket") throw new Error("unreachable");
    const path = `/v1/worlds/${worldId}/zones/${ticket.to}/ws`;
    const opened = await ZoneSocket.open(path, ticket.ticket, name);
    next = opened;
    await eventually(() => opened.welcomed, "the next zone admits the ticket's HELLO");
    await eventually(() => first.frames.some((f) => f.type === "switch"), "ZONE_SWITCH", 10_000);
    expect(await first.closed).toMatchObject({ code: 1000 });
    return { first, next: opened, sent: () => seq, stop: () => clearInterval(walking) };
  } catch (e) {
    clearInterval(walking);
    throw e;
  }
}
