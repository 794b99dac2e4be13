import { describe, expect, it } from "vitest";
import { webSocketTransport } from "./websocket-transport.js";

/** A WebSocket whose network side the test plays. */
class FakeSocket {
  static last: FakeSocket;
  binaryType = "blob";
  bufferedAmount: number | undefined = 0;
  readonly sent: Uint8Array[] = [];
  readonly closes: [number | undefined, string | undefined][] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.last = this;
  }

  send(bytes: Uint8Array): void {
    this.sent.push(bytes.slice());
  }

  close(code?: number, reason?: string): void {
    this.closes.push([code, reason]);
  }
}

function opened() {
  const t = webSocketTransport("ws://room", FakeSocket as unknown as typeof WebSocket);
  const ws = FakeSocket.last;
  const heard: string[] = [];
  t.onopen = () => heard.push("open");
  t.onmessage = (bytes, channel) => heard.push(`${channel} ${[...bytes].join(",")}`);
  t.onclose = (code, reason) => heard.push(`close ${code} ${reason}`);
  t.onerror = (message) => heard.push(`error ${message}`);
  ws.onopen?.();
  return { t, ws, heard };
}

const microtask = () => Promise.resolve();

describe("webSocketTransport", () => {
  it("opens a binary socket and delivers its frames on the reliable channel", () => {
    const { t, ws, heard } = opened();
    expect([ws.url, ws.binaryType, t.path, t.unreliable, t.state]).toEqual([
      "ws://room",
      "arraybuffer",
      "websocket",
      false,
      "open",
    ]);
    ws.onmessage?.({ data: new Uint8Array([1, 2]).buffer });
    t.send(new Uint8Array([3]), "unreliable"); // no such channel: it goes on the stream
    expect(heard).toEqual(["open", "reliable 1,2"]);
    expect(ws.sent).toEqual([new Uint8Array([3])]);
  });

  it("drops what is sent before the socket opened", () => {
    const t = webSocketTransport("ws://room", FakeSocket as unknown as typeof WebSocket);
    t.send(new Uint8Array([1]));
    expect(FakeSocket.last.sent).toEqual([]);
    expect(t.state).toBe("connecting");
  });

  it("refuses a text frame: an error, then a close with 4000 told to the server and heard once", async () => {
    const { t, ws, heard } = opened();
    ws.onmessage?.({ data: "hello" });
    expect(ws.closes).toEqual([[4000, "malformed frame: text frame"]]);
    ws.onclose?.({ code: 4000, reason: "malformed frame: text frame" }); // the socket's echo
    await microtask();
    expect(heard).toEqual([
      "open",
      "error text frame from the server",
      "close 4000 malformed frame: text frame",
    ]);
    expect(t.state).toBe("closed");
  });

  it("reports a local close once with the code given, whatever the socket reports later", async () => {
    const { t, ws, heard } = opened();
    t.close(4300, "idle timeout");
    t.close(1000);
    expect(heard).toEqual(["open"]);
    await microtask();
    ws.onclose?.({ code: 1006, reason: "" });
    ws.onmessage?.({ data: new Uint8Array([9]).buffer });
    t.send(new Uint8Array([1]));
    expect(ws.closes).toEqual([[4300, "idle timeout"]]);
    expect(ws.sent).toEqual([]);
    expect(heard).toEqual(["open", "close 4300 idle timeout"]);
  });

  it("reports the server's close with its code, once", () => {
    const { ws, heard } = opened();
    ws.onerror?.();
    ws.onclose?.({ code: 4200, reason: "kicked" });
    ws.onclose?.({ code: 1006, reason: "" });
    expect(heard).toEqual(["open", "error websocket error", "close 4200 kicked"]);
  });

  it("cuts a close reason to the 123 UTF-8 bytes a close frame holds", () => {
    const { t, ws } = opened();
    t.close(4000, "é".repeat(100)); // 200 bytes
    expect(ws.closes[0]![1]).toBe("é".repeat(61));
  });

  it("reads bufferedAmount from the socket, 0 where it has none", () => {
    const { t, ws } = opened();
    ws.bufferedAmount = 512;
    expect(t.bufferedAmount).toBe(512);
    ws.bufferedAmount = undefined;
    expect(t.bufferedAmount).toBe(0);
  });
});
