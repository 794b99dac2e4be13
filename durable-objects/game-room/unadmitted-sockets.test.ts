import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_UNADMITTED_PER_ADDRESS,
  MAX_UNADMITTED_PER_ROOM,
  UnadmittedSockets,
} from "./unadmitted-sockets.js";

describe("UnadmittedSockets", () => {
  it("refuses the 17th socket of one address and the 65th of a room", () => {
    const s = new UnadmittedSockets();
    for (let i = 0; i < MAX_UNADMITTED_PER_ADDRESS; i++)
      expect(s.add(`a${i}`, "10.0.0.1")).toBe(undefined);
    expect(s.add("a-over", "10.0.0.1")).toBe("address");
    for (let i = 0; s.size < MAX_UNADMITTED_PER_ROOM; i++) s.add(`b${i}`, `10.0.1.${i}`);
    expect(s.add("c", "10.0.2.1")).toBe("room");
    s.remove("a0");
    expect(s.add("c", "10.0.2.1")).toBe(undefined);
  });

  it("keeps its counts equal to the sockets held, and forgets empty addresses", () => {
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: 0, max: 99 }), from: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ remove: fc.integer({ min: 0, max: 99 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const s = new UnadmittedSockets();
        const model = new Map<string, string>();
        for (const o of ops) {
          if ("add" in o) {
            const conn = `c${o.add}`;
            const address = `10.0.0.${o.from}`;
            const refused = s.add(conn, address);
            if (model.has(conn)) expect(refused).toBe(undefined);
            else if (model.size >= MAX_UNADMITTED_PER_ROOM) expect(refused).toBe("room");
            else if (
              [...model.values()].filter((a) => a === address).length >= MAX_UNADMITTED_PER_ADDRESS
            )
              expect(refused).toBe("address");
            else {
              expect(refused).toBe(undefined);
              model.set(conn, address);
            }
          } else {
            s.remove(`c${o.remove}`);
            model.delete(`c${o.remove}`);
          }
          expect(s.size).toBe(model.size);
        }
        for (let a = 0; a < 5; a++)
          expect(s.heldBy(`10.0.0.${a}`)).toBe(
            [...model.values()].filter((v) => v === `10.0.0.${a}`).length,
          );
      }),
      { seed: 19, numRuns: 200 },
    );
  });
});
