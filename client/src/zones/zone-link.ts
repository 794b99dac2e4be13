// One of a world client's zone connections: its transport, its netcode core and what the
// zone told it (its player id and resume token). A world client holds one or two: the
// current zone's, and during a handoff the next zone's, opened with the ticket before the
// crossing (make-before-break). A link that drops is redialled with its resume token.

import type { Channel } from "../../../shared/protocol/channel.js";
import type { ZoneId } from "../../../shared/zones/zone-grid.js";
import type { ZoneInput } from "../../../shared/zones/zone-input.js";
import type { NetClient } from "../net-client.js";
import type { Transport } from "../transport/transport.js";

/** A zone connection's state. */
export interface ZoneLink<Input> {
  readonly zone: ZoneId;
  /** What its HELLOs carry: the ticket of a handoff, or the world's access token. */
  readonly token: string;
  transport: Transport;
  net: NetClient<ZoneInput<Input>>;
  /** This link's player id in its zone, once welcomed (-1 before). */
  playerId: number;
  /** The zone's resume token, once welcomed (a redial presents it). */
  resumeToken: string;
  /** True from the WELCOME until the transport closes. */
  welcomed: boolean;
  /**
   * A redialled link's room frames, held until its zone's ZONE_RESUME: the inputs the zone
   * lost are recorded before the core's first input tick. Undefined: not holding.
   */
  held: { readonly bytes: Uint8Array; readonly channel: Channel }[] | undefined;
  /** When to redial after a drop (NaN: not waiting). */
  redialAt: number;
  /** Redials since the last welcome. */
  attempts: number;
  /** The newest world input its core carried (NO_WORLD_SEQ before any). */
  sent: number;
  /** A ticket this link's zone sent while it was still the next one (used at the switch). */
  onward?: { readonly type: "ticket"; readonly ticket: string; readonly to: ZoneId } | undefined;
  /** Set when the link ended for good (a refusal, a cancelled ticket, the switch). */
  ended?: { readonly code: number; readonly reason: string };
}
