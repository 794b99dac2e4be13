import { describe, expect, it } from "vitest";
import { webSocketHeaderBytes } from "./websocket-frame.js";

describe("webSocketHeaderBytes", () => {
  it("takes 2 bytes below 126, 4 up to 65535 and 10 beyond, and nothing for no message", () => {
    expect(webSocketHeaderBytes(0)).toBe(0);
    expect(webSocketHeaderBytes(1)).toBe(2);
    expect(webSocketHeaderBytes(125)).toBe(2);
    expect(webSocketHeaderBytes(126)).toBe(4);
    expect(webSocketHeaderBytes(65535)).toBe(4);
    expect(webSocketHeaderBytes(65536)).toBe(10);
  });
});
