// A player's connection to a world of zones, as one continuous view. It holds the current
// zone's link; when that zone sends a ticket it opens the next zone's link ahead of the
// crossing, keeps both fed with the same numbered inputs (the world sequence, zone-input.ts),
// and on the current zone's ZONE_SWITCH makes the next link current and closes the old one.
// The game reads `world` / `view` of the drawn link: the current zone's entities and the
// ghosts of its neighbours', or for a moment after a switch the old zone's view, until the
// new one caught up with the avatar (handover-view.ts). The world's inputs are numbered in
// world-inputs.ts. Time comes from the injected clock; no timers.

import type { Channel } from "../../../shared/protocol/channel.js";
import { CLOSE, describeClose } from "../../../shared/protocol/close-codes.js";
import { SERVER_OP } from "../../../shared/protocol/opcodes.js";
import { decodeServerMessage } from "../../../shared/protocol/server-messages.js";
import type { Entity, World } from "../../../shared/world/world.js";
import { decodeZoneFrame, isZoneFrame, type ZoneFrame } from "../../../shared/zones/zone-frames.js";
import type { ZoneId } from "../../../shared/zones/zone-grid.js";
import { NO_WORLD_SEQ } from "../../../shared/zones/zone-input.js";
import { zoneClientGame } from "../../../shared/zones/zone-room-game.js";
import type { ZonedGame } from "../../../shared/zones/zoned-game.js";
import { LaneLayout } from "../lane-layout.js";
import { NetClient, type NetClientOptions } from "../net-client.js";
import type { RenderView } from "../render-view.js";
import type { Transport } from "../transport/transport.js";
import { HandoverView } from "./handover-view.js";
import { WorldInputs } from "./world-inputs.js";
import type { ZoneLink } from "./zone-link.js";

/** Whether `bytes` is a WELCOME that resumed nothing (a redial after the grace ran out). */
function freshWelcome(bytes: Uint8Array): boolean {
  if (bytes[0] !== SERVER_OP.WELCOME) return false;
  const m = decodeServerMessage(bytes);
  return m.ok && m.value.type === "welcome" && !m.value.resumed;
}

/** Settings of a {@link WorldClient}. */
export interface WorldClientOptions extends NetClientOptions {
  /** Opens a link to zone `zone` (its HELLO carries `token`: a ticket or an access token). */
  dial(zone: ZoneId, token: string): Transport;
  /** The local clock, ms. */
  clock(): number;
  /** The player's name. */
  readonly name: string;
  /** Wait before redialling a dropped link, ms. @default 250 */
  readonly redialMs?: number;
  /** Redials of one link before it ends. @default 8 */
  readonly maxRedials?: number;
  /**
   * The player's avatar in a link's mirror world, given the link's player id. The next
   * zone's view holds the avatar as a ghost until the adoption (its owner rewritten by
   * `zones.ghosted`, so no player id finds it there): a game says here how it tells its own
   * avatar by a world-unique key it replicates, so the drawing follows it across a switch.
   * @default zones.avatarOf
   */
  avatarOf?(world: World, playerId: number): Entity;
}

/** One player's view of a zoned world. */
export class WorldClient<Input> {
  readonly #game: ZonedGame<Input>;
  readonly #options: WorldClientOptions;
  #current: ZoneLink<Input> | undefined;
  #next: ZoneLink<Input> | undefined;
  /** A switch that came before the next link was welcomed (after a redial of it). */
  #pendingSwitch: ZoneId | undefined;
  /** The world's inputs, numbered (world-inputs.ts). */
  readonly #inputs: WorldInputs<Input>;
  /** Which link's view is drawn: the old one for a moment after a switch (handover-view.ts). */
  readonly #handover: HandoverView<ZoneLink<Input>>;
  /** Handoffs completed, and when the last one switched (local ms). */
  handoffs = 0;
  lastSwitchAt = Number.NaN;

  constructor(game: ZonedGame<Input>, options: WorldClientOptions) {
    this.#game = game;
    this.#options = options;
    this.#inputs = new WorldInputs(game.idleInput, options.maxInputsPerFrame);
    const layout = new LaneLayout(game.schema, game.netcode);
    const { recoveryMs } = options.netcode.interpolation;
    this.#handover = new HandoverView(layout, recoveryMs, (link) => this.#avatarIn(link));
  }

  /** Connects to zone `zone` (from placement) with the world's access token. */
  start(zone: ZoneId, token: string): void {
    this.#current = this.#open(zone, token);
  }

  /** The zone whose link is current (the minimap's "you are here"). */
  get zone(): ZoneId | undefined {
    return this.#current?.zone;
  }

  /**
   * Why the world ended for this client (the current zone's link closed for good with no
   * next link to move to): the player rejoins the world (placement) to go on. Undefined
   * while connected or redialling.
   */
  get ended(): { readonly code: number; readonly reason: string } | undefined {
    const c = this.#current;
    return c?.ended && !this.#next ? c.ended : undefined;
  }

  /** The zone being connected ahead of a crossing, if any. */
  get nextZone(): ZoneId | undefined {
    return this.#next?.zone;
  }

  /** The current zone's netcode core (its stats, predictor…). */
  get net(): NetClient<unknown> | undefined {
    return this.#current?.net as NetClient<unknown> | undefined;
  }

  /**
   * The zone whose view `world`, `view` and `avatar` present: the current zone, except for a
   * moment after a switch, when the old zone's view stays drawn until the new one has caught
   * up with the avatar (handover-view.ts).
   */
  get shownZone(): ZoneId | undefined {
    return this.#handover.shown(this.#current)?.zone;
  }

  /** The drawn mirror world (`shownZone`'s): its entities and its ghosts of the neighbours'. */
  get world(): World | undefined {
    return this.#handover.shown(this.#current)?.net.world;
  }

  /** The rendered values of the drawn world (after `render`). */
  get view(): RenderView | undefined {
    return this.#handover.shown(this.#current)?.net.view;
  }

  /** The player's avatar in the drawn mirror (-1 before it is there). */
  get avatar(): Entity {
    const shown = this.#handover.shown(this.#current);
    return shown ? this.#avatarIn(shown) : -1;
  }

  /** The player's avatar in `link`'s mirror (-1: not welcomed yet, or not there). */
  #avatarIn(link: ZoneLink<Input>): Entity {
    if (link.playerId < 0) return -1;
    const find = this.#options.avatarOf ?? this.#game.zones.avatarOf;
    return find(link.net.world, link.playerId);
  }

  /** The input held from now on. */
  setInput(input: Input): void {
    this.#inputs.hold(input);
  }

  /** Runs what is due at `now`: redials, each link's netcode (pings, inputs, stats). */
  update(now: number): void {
    for (const link of [this.#current, this.#next]) if (link) this.#redialIfDue(link, now);
    const c = this.#current;
    // A dropped link's core samples nothing until its redial is welcomed: no world input is
    // numbered that no zone could receive (the avatar idles meanwhile, as in a room).
    if (c?.welcomed) {
      c.net.update(now);
      this.#trackAvatar(c);
    }
    const n = this.#next;
    if (n?.welcomed) n.net.update(now);
  }

  /**
   * Brings the view to `now`: interpolation and prediction of every link. A link not yet
   * welcomed is left alone (rendering runs its core's input ticks). The old link drawn
   * after a switch renders on from what it holds (it sends nothing: it is closed).
   */
  render(now: number): void {
    const shown = this.#handover.shown(this.#current);
    if (shown !== this.#current) shown?.net.render(now);
    for (const link of [this.#next, this.#current]) if (link?.welcomed) link.net.render(now);
    this.#handover.draw(this.#current, now);
  }

  /** Leaves the world: every link closes. */
  close(): void {
    for (const link of [this.#current, this.#next])
      if (link) this.#end(link, CLOSE.NORMAL.code, "left");
    this.#current = this.#next = undefined;
    this.#handover.reset();
  }

  #open(zone: ZoneId, token: string): ZoneLink<Input> {
    const link = { zone, token, playerId: -1, resumeToken: "", welcomed: false } as ZoneLink<Input>;
    link.sent = NO_WORLD_SEQ;
    link.redialAt = Number.NaN;
    link.attempts = 0;
    this.#connect(link);
    return link;
  }

  /** A fresh transport and netcode core for `link`, saying HELLO once open. */
  #connect(link: ZoneLink<Input>): void {
    const o = this.#options;
    const transport = o.dial(link.zone, link.token);
    const beforeInputTick = () => {
      if (!link.ended) this.#inputs.beforeTick(link, link === this.#current);
    };
    // An ended link's core may still render (the old view after a switch): it sends nothing.
    const net = new NetClient(zoneClientGame(this.#game), { ...o, beforeInputTick }, (b) => {
      if (!link.ended) transport.send(b);
    });
    link.transport = transport;
    link.net = net;
    link.welcomed = false;
    // A redial holds the room's frames until the zone's ZONE_RESUME, so the inputs the zone
    // lost are recorded before the core's first input tick (an INPUT frame carries the
    // newest 8: after a catch-up of ticks they would fall out of it).
    link.held = link.resumeToken === "" ? undefined : [];
    net.setInput(this.#inputs.pending());
    transport.onopen = () =>
      transport.send(net.session.hello(o.name, link.token, link.resumeToken));
    transport.onmessage = (bytes, channel) => {
      // After the switch the old link's view keeps what came before it (the snapshots that
      // follow replace the avatar with the old zone's placeholder).
      if (link.transport !== transport || link.ended) return;
      if (!isZoneFrame(bytes)) {
        if (link.held && !freshWelcome(bytes)) link.held.push({ bytes, channel });
        else this.#receive(link, bytes, channel);
        return;
      }
      const f = decodeZoneFrame(bytes);
      if (!f.ok) return;
      if (f.value.type === "resume") {
        // The resend first: the held WELCOME can make this link current (#switch), which
        // sends from what this link carried before its zone restarted; a resend after that
        // would come behind newer inputs, and the zone drops what is not newer.
        this.#inputs.resend(link, f.value.seq);
        const held = link.held ?? [];
        link.held = undefined;
        for (const h of held) this.#receive(link, h.bytes, h.channel);
      } else if (link === this.#current) this.#zoneFrame(f.value);
      // The next zone tickets onward as soon as it has the avatar, maybe before its switch
      // arrives here: kept for the switch.
      else if (link === this.#next && f.value.type === "ticket") link.onward = f.value;
    };
    transport.onclose = (code, reason) => {
      if (link.transport !== transport || link.ended) return;
      link.welcomed = false;
      const retryable = describeClose(code)?.retryable ?? code !== CLOSE.NORMAL.code;
      const max = o.maxRedials ?? 8;
      if (retryable && link.attempts < max) {
        link.attempts++;
        link.redialAt = o.clock() + (o.redialMs ?? 250);
      } else this.#ended(link, code, reason);
    };
  }

  /** A room frame for `link`'s core; a WELCOME makes the link usable. */
  #receive(link: ZoneLink<Input>, bytes: Uint8Array, channel: Channel): void {
    const r = link.net.receive(bytes, this.#options.clock(), channel);
    if (!r.ok) return link.transport.close(CLOSE.MALFORMED_FRAME.code, r.error);
    if (r.value.type !== "welcome") return;
    link.held = undefined;
    link.welcomed = true;
    link.attempts = 0;
    link.playerId = r.value.playerId;
    link.resumeToken = r.value.resumeToken;
    // The switch was heard, or the current zone let the player go (its link ended: the
    // avatar went with the handoff whose switch a cut swallowed).
    if (link === this.#next && (this.#pendingSwitch === link.zone || this.#current?.ended))
      this.#switch();
  }

  #redialIfDue(link: ZoneLink<Input>, now: number): void {
    if (Number.isNaN(link.redialAt) || now < link.redialAt) return;
    link.redialAt = Number.NaN;
    this.#connect(link);
  }

  #zoneFrame(f: Exclude<ZoneFrame, { type: "resume" }>): void {
    if (f.type === "ticket") {
      if (this.#next?.zone === f.to && this.#next.token === f.ticket) return;
      if (this.#next) this.#end(this.#next, CLOSE.NORMAL.code, "another ticket");
      this.#next = this.#open(f.to, f.ticket);
      this.#pendingSwitch = undefined;
      return;
    }
    this.#pendingSwitch = f.to;
    if (this.#next?.zone === f.to && this.#next.welcomed) this.#switch();
  }

  /** The next link becomes current; the old one closes (break after make). */
  #switch(): void {
    const old = this.#current!;
    this.#current = this.#next!;
    // From now on its ticks number the world's inputs: first what it has not carried yet.
    if (this.#current.sent !== (this.#inputs.next - 1) >>> 0)
      this.#inputs.resend(this.#current, this.#current.sent);
    this.#next = undefined;
    this.#pendingSwitch = undefined;
    this.#end(old, CLOSE.NORMAL.code, "switched zone");
    this.#handover.switched(old, this.#options.clock());
    const onward = this.#current.onward;
    this.#current.onward = undefined;
    if (onward) this.#zoneFrame(onward);
    this.handoffs++;
    this.lastSwitchAt = this.#options.clock();
  }

  /** The avatar came with the handoff: the new zone's core predicts it from now on. */
  #trackAvatar(c: ZoneLink<Input>): void {
    const predictor = c.net.predictor;
    const e = this.#avatarIn(c);
    if (predictor && e >= 0 && predictor.slotOf(e) < 0) predictor.track(e);
  }

  #end(link: ZoneLink<Input>, code: number, reason: string): void {
    link.ended = { code, reason };
    link.redialAt = Number.NaN;
    link.transport.close(code, reason);
  }

  /** A link ended on the zone's side: a next link is dropped, a current one ends the world. */
  #ended(link: ZoneLink<Input>, code: number, reason: string): void {
    link.ended = { code, reason };
    if (link === this.#next) this.#next = undefined;
    // The old zone let the player go (it closes the old link once the next zone adopted the
    // avatar): when a cut swallowed its ZONE_SWITCH, the redial finds no player there. The
    // next link, welcomed, is where the avatar went.
    else if (link === this.#current && this.#next?.welcomed) this.#switch();
  }
}
