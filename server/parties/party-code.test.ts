import { describe, expect, it } from "vitest";
import { PartyCode, PartyId } from "../../shared/http/parties-schemas.js";
import { newPartyCode, newPartyId } from "./party-code.js";

describe("party codes and ids", () => {
  it("draws codes the schema accepts, each character from the whole alphabet", () => {
    const codes = Array.from({ length: 2000 }, newPartyCode);
    for (const code of codes) expect(PartyCode.safeParse(code).success, code).toBe(true);
    // 16,000 characters over 31 symbols: each is expected ~516 times; missing one would mean
    // a biased or truncated draw (the chance of a fair draw missing one is about 31·e^-516).
    expect(new Set(codes.join("")).size).toBe(31);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("makes ids the schema accepts", () => {
    expect(PartyId.safeParse(newPartyId()).success).toBe(true);
  });
});
