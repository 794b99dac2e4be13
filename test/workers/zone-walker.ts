// A world walker over raw zone sockets inside workerd, as the world client walks (without its
// netcode): one world input per step, sent on every open link of the player, kept so a
// resumed link can send again what its zone lacks (ZONE_RESUME: every 4th input after the
// one named, each carrying the 3 before it, as the world client does — a zone room queues
// 64 inputs, so one frame per input would overflow it after a long gap).
import { expect } from "vitest";
import type { ZoneFrame } from "../../shared/zones/zone-frames.js";
import { ZONE_INPUT_WINDOW } from "../../shared/zones/zone-input.js";
import { eventually } from "./eventually.js";
import { call } from "./sign-in.js";
import { ZoneSocket } from "./zone-socket.js";

/** One player walking a world: its zone links by zone id, and its world inputs. */
export class ZoneWalker {
  /** What the next steps send (WALK bits). */
  walk = 0;
  readonly #worldId: string;
  readonly #name: string;
  readonly #links = new Map<string, ZoneSocket>();
  /** The token each zone's link was first opened with (a redial presents it again). */
  readonly #tokens = new Map<string, string>();
  /** The walk of each world input sent, by world sequence. */
  readonly #sent: number[] = [];

  private constructor(worldId: string, name: string) {
    this.#worldId = worldId;
    this.#name = name;
  }

  /** Joins `worldId` as `name` and opens the zone the join places it in. */
  static async join(worldId: string, name: string, accessToken: string): Promise<ZoneWalker> {
    const res = await call("POST", `/v1/worlds/${worldId}/join`, accessToken, { name });
    expect(res.status).toBe(200);
    const placed = (await res.json()) as { zoneId: string; ticket: string };
    const walker = new ZoneWalker(worldId, name);
    await walker.dial(placed.zoneId, placed.ticket);
    return walker;
  }

  /** The link to zone `zoneId` (the last one opened). */
  link(zoneId: string): ZoneSocket {
    const l = this.#links.get(zoneId);
    if (!l) throw new Error(`${this.#name} has no link to ${zoneId}`);
    return l;
  }

  /** Opens zone `zoneId` with `token` (a join or zone ticket) and waits for its WELCOME. */
  async dial(zoneId: string, token: string, resume = ""): Promise<ZoneSocket> {
    const path = `/v1/worlds/${this.#worldId}/zones/${zoneId}/ws`;
    const link = await ZoneSocket.open(path, token, this.#name, resume);
    if (resume === "") this.#tokens.set(zoneId, token);
    link.onFrame = (f) => this.#heard(link, f);
    this.#links.set(zoneId, link);
    let refused: { code: number; reason: string } | undefined;
    void link.closed.then((c) => {
      refused = c;
    });
    await eventually(() => link.welcomed || refused, `${zoneId} welcomes ${this.#name}`);
    if (!link.welcomed)
      throw new Error(`${zoneId} refused ${this.#name}: ${refused?.code} ${refused?.reason}`);
    return link;
  }

  /**
   * Redials zone `zoneId` as the world client does: the token the link was opened with (the
   * join's ticket, or the zone ticket of a handoff) and the last link's resume token.
   */
  resume(zoneId: string): Promise<ZoneSocket> {
    const resume = this.link(zoneId).welcome!.resumeToken;
    return this.dial(zoneId, this.#tokens.get(zoneId)!, resume);
  }

  /** Waits for the current zone's ticket for the next one, and returns it. */
  async ticket(): Promise<string> {
    const found = await eventually(() => {
      for (const l of this.#links.values())
        for (const f of l.frames) if (f.type === "ticket") return f.ticket;
      return undefined;
    }, `a zone ticket for ${this.#name}`);
    return found;
  }

  /** Numbers the next world input and sends it on every open link. */
  step(): void {
    const seq = this.#sent.length;
    this.#sent.push(this.walk);
    for (const l of this.#links.values()) this.#send(l, seq);
  }

  close(): void {
    for (const l of this.#links.values()) if (l.open) l.close();
  }

  /** A resumed link's zone holds the inputs up to `frame.seq`: the later ones go again. */
  #heard(link: ZoneSocket, frame: ZoneFrame): void {
    if (frame.type !== "resume") return;
    const last = this.#sent.length - 1;
    for (let seq = frame.seq + ZONE_INPUT_WINDOW; seq < last; seq += ZONE_INPUT_WINDOW)
      this.#send(link, seq);
    if (last > frame.seq) this.#send(link, last);
  }

  /** World input `seq` with the 3 before it, newest first. */
  #send(link: ZoneSocket, seq: number): void {
    const window: number[] = [];
    for (let i = 0; i < ZONE_INPUT_WINDOW; i++) window.push(this.#sent[seq - i] ?? 0);
    link.input(seq, window);
  }
}
