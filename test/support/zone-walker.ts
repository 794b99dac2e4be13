// One bench:zones bot, also the e2e zones test's walker: a player of the world game walking
// the 4×4 world through the world client (client/src/zones/world-client.ts) over real
// WebSockets, as a browser would. Each frame it renders and looks at what the player would
// see: its own avatar (found by its tag among the drawn zone's entities and ghosts), how
// many copies of it there are (0: missing, 2+: duplicated), how far the rendered avatar jumps
// across a switch (from the switch, through the hand-over of the drawn view to the next
// zone's and the blend after it), and how long after the rendered avatar crossed the
// handoff line (the edge + the handoff margin) the switch came. Tickets and switches arrive in the sockets' message
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
import { ZoneFrameLog } from "./zone-frame-log.js";

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
   * Per switch, the largest frame-to-frame displacement of the rendered avatar, units, from
   * the switch to `HANDOVER_SETTLE_MS` after the drawn view went over to the next zone (the
   * old zone's view stays drawn until the next one caught up: client/src/zones/handover-view.ts).
   */
  switchJumps: number[];
  /**
   * Of each switch, what walking does not explain: the largest frame step in the same frames
   * less WALK_SPEED × the time between its two drawings, units (≤ 0: no pop; a busy
   * machine's late frame is a long step, not a pop).
   */
  switchPops: number[];
  /** Per switch: ms from the switch to the hand-over of the drawn view. */
  handoverMs: number[];
  /** Largest displacement in any frame, units (the walk itself: ~speed × frame time). */
  maxFrameStep: number;
  /** Rendered crossing of the handoff line → switch, ms, per handoff seen crossing. */
  crossingToSwitchMs: number[];
  /** Ticket received → switch, ms, per handoff. */
  ticketToSwitchMs: number[];
}

const grid = new ZoneGrid(worldGame.zones.grid);
/**
 * How long after the hand-over of the drawn view a switch is watched: the drawn avatar's
 * catch-up with the new view (at least the client's recoveryMs, 100 ms; at 1.5 times the
 * walk, a tick's walk behind takes 100 ms more) and a frame.
 */
const HANDOVER_SETTLE_MS = 300;

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
    handoverMs: [],
    maxFrameStep: 0,
    crossingToSwitchMs: [],
    ticketToSwitchMs: [],
  };
  /** Every frame's context, and the pops and render-clock snaps it found (zone-frame-log.ts). */
  readonly log: ZoneFrameLog;
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
  /**
   * The switch being watched (NaN: none): when it came, when the drawn view went over to the
   * next zone (NaN: not yet), and its largest frame step and pop so far.
   */
  #switchAt = Number.NaN;
  #handoverAt = Number.NaN;
  #jump = 0;
  #pop = Number.NEGATIVE_INFINITY;
  #shownSeen: string | undefined;

  constructor(url: string, worldId: string, name: string, random: () => number) {
    this.name = name;
    this.#tag = walkerTag(name);
    this.log = new ZoneFrameLog(this.#tag);
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
    const switched = c.handoffs !== this.#handoffsSeen;
    if (switched) {
      this.#settled();
      this.#switched(c.lastSwitchAt);
      this.#switchAt = now;
    }
    if (c.shownZone !== this.#shownSeen && Number.isNaN(this.#handoverAt)) {
      if (!Number.isNaN(this.#switchAt)) {
        this.#handoverAt = now;
        this.figures.handoverMs.push(now - this.#switchAt);
      }
    }
    this.#shownSeen = c.shownZone;
    const next = c.nextZone;
    if (next !== undefined && next !== this.#nextSeen) {
      this.#ticketAt = now;
      this.figures.tickets++;
    }
    this.#nextSeen = next;
    this.#observe(now, switched);
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

  #observe(now: number, switched: boolean): void {
    const c = this.#client;
    const world = c.world;
    const view = c.view;
    if (!world || !view) return;
    const count = { n: 0 };
    const e = taggedAvatar(world, this.#tag, count);
    // Counted from the first frame the avatar was seen: before it, the link is connecting.
    if (!this.#seen && e < 0) return;
    const look = { zone: c.zone, shown: c.shownZone, next: c.nextZone };
    const watching = !Number.isNaN(this.#switchAt);
    this.#seen = true;
    const f = this.figures;
    f.frames++;
    if (count.n === 0) f.missingFrames++;
    if (count.n > 1) f.duplicatedFrames++;
    if (e < 0) {
      this.log.frame(now, look, c.net, switched, undefined, 0, now - this.#lastAt, watching);
      return;
    }
    const s = view.store(Avatar);
    const pos = { x: s.pos.x[e]!, y: s.pos.y[e]! };
    const step = this.#last ? Math.hypot(pos.x - this.#last.x, pos.y - this.#last.y) : 0;
    this.log.frame(now, look, c.net, switched, pos, step, now - this.#lastAt, watching);
    if (this.#last) {
      f.maxFrameStep = Math.max(f.maxFrameStep, step);
      // From where it was last drawn (frames without it in between count as missing, not as
      // a smaller jump).
      if (!Number.isNaN(this.#switchAt)) {
        this.#jump = Math.max(this.#jump, step);
        this.#pop = Math.max(this.#pop, step - (WALK_SPEED * (now - this.#lastAt)) / 1000);
      }
    }
    if (now - this.#handoverAt >= HANDOVER_SETTLE_MS) this.#settled();
    this.#last = pos;
    this.#lastAt = now;
    this.#watchCrossing(now, pos);
  }

  /** The switch watched is over: its largest step and pop are kept. */
  #settled(): void {
    if (Number.isNaN(this.#switchAt)) return;
    this.figures.switchJumps.push(this.#jump);
    this.figures.switchPops.push(Number.isFinite(this.#pop) ? this.#pop : 0);
    this.#switchAt = this.#handoverAt = Number.NaN;
    this.#jump = 0;
    this.#pop = Number.NEGATIVE_INFINITY;
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
    this.#settled();
    this.#client.close();
  }
}
