import { afterEach, describe, expect, it, vi } from "vitest";
import { arenaGame } from "../../games/arena/arena-game.js";
import {
  type ConnectOptions,
  DEFAULT_CONNECT_OPTIONS,
  resolveConnectOptions,
  roomUrl,
} from "./connect-options.js";
import { DEFAULT_NETCODE_OPTIONS } from "./netcode-options.js";
import { DEFAULT_RECONNECT_OPTIONS } from "./reconnect-options.js";
import { loopbackTransportPair } from "./transport/loopback-transport.js";

type Options = ConnectOptions<unknown>;

const FakeSocket = class {} as unknown as typeof WebSocket;

const base: Options = {
  url: "ws://127.0.0.1:8787/v1/rooms/lobby/ws",
  game: arenaGame as Options["game"],
  name: "ada",
  WebSocket: FakeSocket,
};

const resolve = (o: Partial<Options>) => resolveConnectOptions({ ...base, ...o });

describe("resolveConnectOptions", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("fills every optional field with its default", () => {
    expect(resolveConnectOptions(base)).toEqual({
      ...DEFAULT_CONNECT_OPTIONS,
      ...base,
      transport: expect.any(Function),
      netcode: DEFAULT_NETCODE_OPTIONS,
      simulate: undefined,
      reconnect: DEFAULT_RECONNECT_OPTIONS,
    });
    expect(resolveConnectOptions({ ...base, reconnect: false }).reconnect).toBeUndefined();
    expect(DEFAULT_CONNECT_OPTIONS).toEqual({
      token: "",
      sendRate: 30,
      maxInputsPerFrame: 8,
      pingIntervalMs: 1000,
      connectTimeoutMs: 10_000,
      maxBytesPerSecond: 0,
    });
  });

  it("throws naming connect.maxBytesPerSecond for a rate that is not a u32", () => {
    for (const maxBytesPerSecond of [-1, 1.5, 2 ** 32, Number.NaN])
      expect(() => resolve({ maxBytesPerSecond })).toThrow(/connect\.maxBytesPerSecond/);
    expect(resolve({ maxBytesPerSecond: 4096 }).maxBytesPerSecond).toBe(4096);
  });

  it("treats a field set to undefined as absent", () => {
    const o = resolve({ sendRate: undefined, token: undefined, maxInputsPerFrame: undefined });
    expect(o.sendRate).toBe(30);
    expect(o.token).toBe("");
    expect(o.maxInputsPerFrame).toBe(8);
  });

  it("keeps the values it is given", () => {
    const o = resolve({ token: "t", sendRate: 20, maxInputsPerFrame: 32, pingIntervalMs: 500 });
    expect(o).toMatchObject({
      token: "t",
      sendRate: 20,
      maxInputsPerFrame: 32,
      pingIntervalMs: 500,
    });
  });

  it("uses the global WebSocket when none is passed", () => {
    vi.stubGlobal("WebSocket", FakeSocket);
    expect(resolveConnectOptions({ ...base, WebSocket: undefined }).WebSocket).toBe(FakeSocket);
  });

  it("throws naming connect.WebSocket when there is no WebSocket at all", () => {
    vi.stubGlobal("WebSocket", undefined);
    expect(() => resolveConnectOptions({ ...base, WebSocket: undefined })).toThrow(
      /connect\.WebSocket/,
    );
  });

  it("throws naming connect.url for a URL that is not ws:// or wss://", () => {
    for (const url of ["http://127.0.0.1:8787/v1/rooms/a/ws", "https://x/y", "", "lobby"]) {
      expect(() => resolve({ url }), url).toThrow(/connect\.url/);
    }
    expect(() => resolve({ url: "wss://example.com/v1/rooms/a/ws" })).not.toThrow();
  });

  it("takes exactly one of url and transport, and opens WebSockets to the url", () => {
    expect(() => resolve({ transport: () => loopbackTransportPair().a })).toThrow(
      "connect: give either url or transport, not both",
    );
    expect(() => resolve({ url: undefined })).toThrow(/give url .* or transport/);
    const bad = { transport: "ws://x" as unknown as ConnectOptions<unknown>["transport"] };
    expect(() => resolve({ url: undefined, ...bad })).toThrow(
      /connect\.transport must be a function/,
    );
    const factory = () => loopbackTransportPair().a;
    vi.stubGlobal("WebSocket", undefined); // not needed without a url
    const own = resolve({ url: undefined, WebSocket: undefined, transport: factory });
    expect(own).toMatchObject({ url: undefined, WebSocket: undefined, transport: factory });
    vi.unstubAllGlobals();
    // base's WebSocket is an inert double: nothing connects.
    expect(resolve({}).transport().path).toBe("websocket");
  });

  it("throws naming connect.name for an empty, blank or 33-byte name, and accepts 32 bytes", () => {
    for (const name of ["", "   ", "a".repeat(33), `${"é".repeat(16)}a`]) {
      expect(() => resolve({ name }), JSON.stringify(name)).toThrow(/connect\.name/);
    }
    expect(() => resolve({ name: "a".repeat(32) })).not.toThrow();
    expect(() => resolve({ name: "é".repeat(16) })).not.toThrow();
    expect(() => resolve({ name: "a" })).not.toThrow();
  });

  it("throws naming connect.token for a 4097-byte token, and accepts 4096 bytes", () => {
    expect(() => resolve({ token: "t".repeat(4097) })).toThrow(/connect\.token/);
    expect(() => resolve({ token: "t".repeat(4096) })).not.toThrow();
  });

  it("throws naming the field for a rate or interval that is not a positive finite number", () => {
    for (const field of ["sendRate", "pingIntervalMs", "connectTimeoutMs"] as const) {
      for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => resolve({ [field]: bad }), `${field}=${bad}`).toThrow(
          new RegExp(`connect\\.${field} must be > 0`),
        );
      }
      expect(() => resolve({ [field]: 0.5 })).not.toThrow();
    }
  });

  it("throws naming connect.maxInputsPerFrame outside integers 1-32, and accepts 1 and 32", () => {
    for (const bad of [0, 33, 1.5, -1, Number.NaN]) {
      expect(() => resolve({ maxInputsPerFrame: bad }), String(bad)).toThrow(
        /connect\.maxInputsPerFrame/,
      );
    }
    expect(resolve({ maxInputsPerFrame: 1 }).maxInputsPerFrame).toBe(1);
    expect(resolve({ maxInputsPerFrame: 32 }).maxInputsPerFrame).toBe(32);
  });
});

describe("roomUrl", () => {
  it("maps http to ws and https to wss", () => {
    expect(roomUrl("http://127.0.0.1:8787", "lobby")).toBe("ws://127.0.0.1:8787/v1/rooms/lobby/ws");
    expect(roomUrl("https://play.example.com", "lobby")).toBe(
      "wss://play.example.com/v1/rooms/lobby/ws",
    );
  });

  it("keeps ws and wss as they are", () => {
    expect(roomUrl("ws://localhost:8787", "a")).toBe("ws://localhost:8787/v1/rooms/a/ws");
    expect(roomUrl("wss://example.com", "a")).toBe("wss://example.com/v1/rooms/a/ws");
  });

  it("keeps a base path, with or without a trailing slash", () => {
    expect(roomUrl("https://example.com/edge", "a")).toBe("wss://example.com/edge/v1/rooms/a/ws");
    expect(roomUrl("https://example.com/edge/", "a")).toBe("wss://example.com/edge/v1/rooms/a/ws");
    expect(roomUrl("http://example.com/", "a")).toBe("ws://example.com/v1/rooms/a/ws");
  });

  it("percent-encodes the room id so it stays one path segment", () => {
    expect(roomUrl("http://h", "a b/c?d#e")).toBe("ws://h/v1/rooms/a%20b%2Fc%3Fd%23e/ws");
    expect(roomUrl("http://h", "Room_1-x")).toBe("ws://h/v1/rooms/Room_1-x/ws");
  });

  it("produces a URL that resolveConnectOptions accepts", () => {
    expect(() => resolve({ url: roomUrl("https://example.com", "lobby") })).not.toThrow();
  });
});
