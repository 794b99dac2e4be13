import { describe, expect, it } from "vitest";
import { CLOSE } from "../protocol/close-codes.js";
import { accessRefusal } from "./room-access.js";

const duel = { access: "ticket", members: ["ada", "bob"] } as const;

describe("accessRefusal", () => {
  it("admits anyone signed in to a public room, with either credential", () => {
    const open = { access: "public" } as const;
    expect(
      accessRefusal(open, { accountId: "eve", via: "access", resuming: false }),
    ).toBeUndefined();
    expect(accessRefusal(open, { accountId: "eve", via: "join", resuming: false })).toBeUndefined();
  });

  it("admits a member of a ticket room who joins with a ticket", () => {
    expect(accessRefusal(duel, { accountId: "ada", via: "join", resuming: false })).toBeUndefined();
  });

  it("refuses a member's plain access token with 4108 unless it resumes that member's player", () => {
    expect(accessRefusal(duel, { accountId: "ada", via: "access", resuming: false })?.code).toBe(
      CLOSE.TICKET_REQUIRED,
    );
    expect(
      accessRefusal(duel, { accountId: "ada", via: "access", resuming: true }),
    ).toBeUndefined();
  });

  it("refuses a stranger: 4109 with a ticket minted for the room, 4108 with an access token", () => {
    expect(accessRefusal(duel, { accountId: "eve", via: "join", resuming: false })?.code).toBe(
      CLOSE.NOT_INVITED,
    );
    expect(accessRefusal(duel, { accountId: "eve", via: "access", resuming: false })?.code).toBe(
      CLOSE.TICKET_REQUIRED,
    );
    // A stranger holding someone's resume token is not resuming (the core checks the owner).
    expect(accessRefusal(duel, { accountId: "eve", via: "access", resuming: false })).toBeDefined();
  });

  it("admits nobody to a ticket room made without members", () => {
    const empty = { access: "ticket" } as const;
    expect(accessRefusal(empty, { accountId: "ada", via: "join", resuming: false })?.code).toBe(
      CLOSE.NOT_INVITED,
    );
  });
});
