// A test client for a world's zones inside workerd: opens a zone socket through the Worker,
// says HELLO as a world client, sends zone inputs (world sequence + the window of the game's
// input bytes, newest first) and collects the zone frames (ZONE_TICKET, ZONE_SWITCH,
// ZONE_RESUME); a redial resumes its player with the WELCOME's resume token.
import { exports } from "cloudflare:workers";
import { WORLD_SCHEMA } from "../../games/world/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import {
  encodeHello,
  encodeInputHeader,
  NO_TICK_ACK,
} from "../../shared/protocol/client-messages.js";
import { decodeServerMessage } from "../../shared/protocol/server-messages.js";
import { decodeZoneFrame, isZoneFrame, type ZoneFrame } from "../../shared/zones/zone-frames.js";
import { ZONE_INPUT_WINDOW } from "../../shared/zones/zone-input.js";

/** One zone connection as a test sees it. */
export class ZoneSocket {
  readonly frames: ZoneFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  welcomed = false;
  /** The WELCOME, once it came. */
  welcome:
    | { readonly playerId: number; readonly resumed: boolean; readonly resumeToken: string }
    | undefined;
  /** Called with each zone frame as it arrives. */
  onFrame: ((f: ZoneFrame) => void) | undefined;
  readonly #ws: WebSocket;
  /** The link's own input sequence (rooms number each link's inputs). */
  #linkSeq = 0;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) =>
      ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
    );
    ws.addEventListener("message", (e) => {
      const bytes = new Uint8Array(e.data as ArrayBuffer);
      if (isZoneFrame(bytes)) {
        const f = decodeZoneFrame(bytes);
        if (!f.ok) throw new Error(`malformed zone frame: ${f.error}`);
        this.frames.push(f.value);
        this.onFrame?.(f.value);
        return;
      }
      const m = decodeServerMessage(bytes);
      if (m.ok && m.value.type === "welcome") {
        this.welcomed = true;
        const { playerId, resumed, resumeToken } = m.value;
        this.welcome = { playerId, resumed, resumeToken };
      }
    });
  }

  /**
   * Opens `path` (a join's socketPath) and says HELLO with `token` (a join or zone ticket, or
   * the access token of a resume) and `resume` (a WELCOME's resume token, or none).
   */
  static async open(path: string, token: string, name: string, resume = ""): Promise<ZoneSocket> {
    const res = await exports.default.fetch(`http://edgetick.test${path}`, {
      headers: { Upgrade: "websocket" },
    });
    const ws = res.webSocket;
    if (!ws) throw new Error(`no WebSocket: ${res.status} ${await res.text()}`);
    ws.accept();
    ws.binaryType = "arraybuffer";
    const socket = new ZoneSocket(ws);
    const w = new ByteWriter();
    const game = { game: "world", schema: WORLD_SCHEMA.fingerprint };
    encodeHello(w, { ...game, name, token, resume, role: "player" });
    ws.send(w.toBytes());
    return socket;
  }

  /**
   * Sends world input `seq` holding `walk` (the window repeats it: a steady walk), or with
   * `walk` an array, the walks of `seq` and the inputs before it, newest first.
   */
  input(seq: number, walk: number | readonly number[]): void {
    // A link the zone closed (the old one after a switch) takes nothing more.
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    const w = new ByteWriter();
    encodeInputHeader(w, NO_TICK_ACK, this.#linkSeq++, 1);
    w.u32(seq);
    for (let i = 0; i < ZONE_INPUT_WINDOW; i++)
      w.u8(typeof walk === "number" ? walk : (walk[i] ?? 0));
    this.#ws.send(w.toBytes());
  }

  /** Whether the link is open. */
  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.#ws.close(1000, "test done");
  }

  /** Drops the link as a network failure would: the zone holds the seat for a resume. */
  cut(): void {
    this.#ws.close(3000, "cut");
  }
}
