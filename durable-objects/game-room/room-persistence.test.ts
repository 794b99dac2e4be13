import { describe, expect, it } from "vitest";
import { documentsEntry, ROOM_DOCUMENTS_KEY } from "./room-persistence.js";

describe("documentsEntry", () => {
  it("writes the documents held at every snapshot, and an empty list once until some are held again", () => {
    let held: string[] = [];
    const entry = documentsEntry(() => held);
    // Storage may hold documents from before the start: the first empty list is written.
    expect(entry()).toEqual({ [ROOM_DOCUMENTS_KEY]: [] });
    expect(entry()).toEqual({});
    held = ["ada"];
    expect(entry()).toEqual({ [ROOM_DOCUMENTS_KEY]: ["ada"] });
    expect(entry()).toEqual({ [ROOM_DOCUMENTS_KEY]: ["ada"] });
    held = [];
    // The last account's documents went: the empty list replaces them.
    expect(entry()).toEqual({ [ROOM_DOCUMENTS_KEY]: [] });
    expect(entry()).toEqual({});
  });
});
