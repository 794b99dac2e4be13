// One bench:zones bot, also the e2e zones test's walker: a player of the world game walking
// the 4×4 world through the world client (client/src/zones/world-client.ts) over real
// WebSockets, as a browser would. Each frame it renders and looks at what the player would
// see: its own avatar (found by its tag among the current zone's entities and ghosts), how
// many copies of it there are (0: missing, 2+: duplicated), how far the rendered avatar jumps
// across a switch, and how long after the rendered avatar crossed the handoff line (the edge
// + the handoff margin) the switch came. Tickets and switches arrive in the sockets' message
// callbacks, between frames: each frame compares the client with what the last one saw.

import { resolveNetcodeOptions } from "../../client/src/netcode-options.js";
import { webSocketTransport } from "../../client/src/transport/websocket-transport.js";
import { WorldClient } from "../../client/src/zones/world-client.js";
import {
  Avatar,
  taggedAvatar,
  WALK_SPEED,
  type WorldInput,
  walkerTag,
  worldBot,
  worldGame,
} from "../../games/world/index.js";
import { ZoneGrid } from "../../shared/zones/zone-grid.js";

/** What one walker saw. */
export interface WalkerFigures {
  /** Next-zone links opened (tickets the current zone sent). */
  tickets: number;
  handoffs: number;
  /** Frames rendered with the current link welcomed. */
  frames: number;
  /** Of those, frames without the player's avatar in view. */
  missingFrames: number;
  /** Of those, frames with two or more copies of it. */
  duplicatedFrames: number;
  /**
   * Rendered displacement of the avatar across each switch, units: from the last frame that
   * drew it before the switch to the first that drew it after.
   */
  switchJumps: number[];
  /**
   * Of each switch jump, what walking does not explain: the jump less WALK_SPEED × the time
   * between the two drawings, units (≤ 0: no pop; a busy machine's late frame is a long step,
   * not a pop).
   */
  switchPops: number[];
  /** Largest displacement in any frame, units (the walk itself: ~speed × frame time). */
  maxFrameStep: number;
  /** Rendered crossing of the handoff line → switch, ms, per handoff seen crossing. */
  crossingToSwitchMs: number[];
  /** Ticket received → switch, ms, per handoff. */
  ticketToSwitchMs: number[];
}

const grid = new ZoneGrid(worldGame.zones.grid);

/** A walking player of world `worldId` on the server at `url`. */
export class ZoneWalker {
  readonly name: string;
  readonly figures: WalkerFigures = {
    tickets: 0,
    handoffs: 0,
    frames: 0,
    missingFrames: 0,
    duplicatedFrames: 0,
    switchJumps: [],
    switchPops: [],
    maxFrameStep: 0,
    crossingToSwitchMs: [],
    ticketToSwitchMs: [],
  };
  readonly #client: WorldClient<WorldInput>;
  readonly #tag: number;
  readonly #random: () => number;
  #held: WorldInput = worldGame.idleInput;
  #decideAt = 0;
  #last: { x: number; y: number } | undefined;
  /** When `#last` was drawn (performance.now ms). */
  #lastAt = 0;
  #crossedAt = Number.NaN;
  #ticketAt = Number.NaN;
  #seen = false;
  /** The client's next zone and handoff count at the end of the last frame. */
  #nextSeen: string | undefined;
  #handoffsSeen = 0;
  /** A switch happened and the avatar has not been drawn since. */
  #jumpDue = false;

  constructor(url: string, worldId: string, name: string, random: () => number) {
    this.name = name;
    this.#tag = walkerTag(name);
    this.#random = random;
    const ws = url.replace(/^http/, "ws");
    this.#client = new WorldClient(worldGame, {
      sendRate: 30,
      maxInputsPerFrame: 8,
      pingIntervalMs: 1000,
      // As the zone harness: the world game's owner ids are per zone, so a ghost could be
      // predicted as the player's own; the bench renders interpolated state only.
      netcode: resolveNetcodeOptions({ prediction: { enabled: false } }),
      name,
      clock: () => performance.now(),
      // The world client says HELLO with the ticket itself, once the socket is open.
      dial: (zone) => webSocketTransport(`${ws}/v1/worlds/${worldId}/zones/${zone}/ws`),
      avatarOf: (world) => taggedAvatar(world, this.#tag),
    });
  }

  /** Connects to the zone the join placed it in, with the join's ticket. */
  start(zoneId: string, ticket: string): void {
    this.#client.start(zoneId, ticket);
  }

  /** One frame at `now` (performance.now ms): input choice, netcode, render, observation. */
  frame(now: number): void {
    const c = this.#client;
    if (now >= this.#decideAt) {
      this.#decideAt = now + (worldBot.decideEveryMs ?? 500);
      const view = {
        playerId: -1,
        tick: 0,
        world: c.world!,
        random: this.#random,
        held: this.#held,
      };
      this.#held = worldBot.input?.(view) ?? this.#held;
      c.setInput(this.#held);
    }
    c.update(now);
    c.render(now);
    // Tickets and switches arrive in the sockets' message callbacks, between frames: what
    // changed is read against the last frame's look, never within this one.
    // The switch first: a frame can also see the next zone's onward ticket.
    if (c.handoffs !== this.#handoffsSeen) {
      this.#switched(c.lastSwitchAt);
      this.#jumpDue = true;
    }
    const next = c.nextZone;
    if (next !== undefined && next !== this.#nextSeen) {
      this.#ticketAt = now;
      this.figures.tickets++;
    }
    this.#nextSeen = next;
    this.#observe(now);
  }

  /** The client switched zones at `at` (its clock: performance.now ms). */
  #switched(at: number): void {
    const f = this.figures;
    this.#handoffsSeen = f.handoffs = this.#client.handoffs;
    // A ticket and its switch within one frame were never seen apart: the switch had one.
    f.tickets = Math.max(f.tickets, f.handoffs);
    if (!Number.isNaN(this.#crossedAt)) f.crossingToSwitchMs.push(at - this.#crossedAt);
    if (!Number.isNaN(this.#ticketAt)) f.ticketToSwitchMs.push(at - this.#ticketAt);
    this.#crossedAt = Number.NaN;
    this.#ticketAt = Number.NaN;
  }

  #observe(now: number): void {
    const c = this.#client;
    const world = c.world;
    const view = c.view;
    if (!world || !view) return;
    const count = { n: 0 };
    const e = taggedAvatar(world, this.#tag, count);
    // Counted from the first frame the avatar was seen: before it, the link is connecting.
    if (!this.#seen && e < 0) return;
    this.#seen = true;
    const f = this.figures;
    f.frames++;
    if (count.n === 0) f.missingFrames++;
    if (count.n > 1) f.duplicatedFrames++;
    if (e < 0) return;
    const s = view.store(Avatar);
    const pos = { x: s.pos.x[e]!, y: s.pos.y[e]! };
    if (this.#last) {
      const step = Math.hypot(pos.x - this.#last.x, pos.y - this.#last.y);
      f.maxFrameStep = Math.max(f.maxFrameStep, step);
      // The first frame showing the avatar after a switch: from where it was last drawn
      // (frames without it in between count as missing, not as a smaller jump).
      if (this.#jumpDue) {
        f.switchJumps.push(step);
        f.switchPops.push(step - (WALK_SPEED * (now - this.#lastAt)) / 1000);
      }
      this.#jumpDue = false;
    }
    this.#last = pos;
    this.#lastAt = now;
    this.#watchCrossing(now, pos);
  }

  /** Notes when the rendered avatar passes the handoff line of its current zone. */
  #watchCrossing(now: number, pos: { x: number; y: number }): void {
    const zone = this.#client.zone;
    if (zone === undefined || !Number.isNaN(this.#crossedAt)) return;
    const b = grid.bounds(zone);
    const m = worldGame.zones.handoffMargin;
    const out =
      pos.x < b.minX - m || pos.x >= b.maxX + m || pos.y < b.minY - m || pos.y >= b.maxY + m;
    if (out) this.#crossedAt = now;
  }

  /** The zone whose link is current. */
  get zone(): string | undefined {
    return this.#client.zone;
  }

  close(): void {
    this.#client.close();
  }
}
