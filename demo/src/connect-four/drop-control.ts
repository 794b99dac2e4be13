// A click on a column becomes the `drop` RPC, one at a time. A drop stays pending from the
// click until the board shows it: the room answers "ok" as it applies the move, a tick before
// the snapshot with the disc arrives, and until then the old board still says it is our
// turn. A click while a drop is pending or the link is down is not sent but answered at once
// as refused, so no click is lost without a word. Every other click is sent, even when the
// board says it is not our turn: the room decides (the board may be a tick behind) and says
// why it refused. A call in flight when the link drops is rejected (RPC_LINK_LOST: its answer
// went to the old link), so a lost link ends the pending drop: the resumed board tells
// whether the room got it.

import { type RoomConnection, RPC_LINK_LOST, RpcError } from "@edgetick/client";
import {
  CONNECT_FOUR_RPCS,
  type ConnectFourInput,
  type DropResult,
  type MatchView,
} from "../../../games/connect-four/index.js";

/** Why a click did not drop a disc: the room's reason, or the page's own. */
export type DropRefusal =
  | Exclude<DropResult, "ok">
  /** A drop of ours was still on its way: the click was not sent. */
  | "busy"
  /** The call failed: rate limited, or the connection closed first. */
  | "failed"
  /** The link to the room was down: not sent, or sent and never answered. */
  | "offline";

/** A refusal in words, for the notice under the board. */
export const REFUSAL_TEXT: Record<DropRefusal, string> = {
  "not-playing": "no round is being played",
  "not-seated": "you have no seat at this board",
  "not-your-turn": "not your turn",
  "no-such-column": "no such column",
  "column-full": "that column is full",
  busy: "your last move is still on its way",
  failed: "the move did not reach the room",
  offline: "the link to the room is down",
};

/** The drop in flight: the match as it was at the click, and whether the room said "ok". */
interface Pending {
  readonly round: number;
  readonly moves: number;
  accepted: boolean;
}

/** Sends drops for one connection and knows whether one is pending. */
export class DropControl {
  readonly #room: RoomConnection<ConnectFourInput>;
  readonly #match: () => MatchView | null;
  readonly #changed: () => void;
  readonly #refused: (reason: DropRefusal, detail: string) => void;
  #pending: Pending | null = null;

  /**
   * @param match the match as the page's mirror holds it now
   * @param changed called when the pending state changes
   * @param refused called with the reason a click did not drop a disc
   */
  constructor(
    room: RoomConnection<ConnectFourInput>,
    match: () => MatchView | null,
    changed: () => void,
    refused: (reason: DropRefusal, detail: string) => void,
  ) {
    this.#room = room;
    this.#match = match;
    this.#changed = changed;
    this.#refused = refused;
  }

  /** A drop was sent and the board does not show it yet. */
  get pending(): boolean {
    return this.#pending !== null;
  }

  /** Drops a disc in `column` (0 = left), unless a drop is pending. */
  drop(column: number): void {
    if (this.#pending) return this.#refused("busy", REFUSAL_TEXT.busy);
    if (this.#room.state === "reconnecting") return this.#refused("offline", REFUSAL_TEXT.offline);
    const match = this.#match();
    const pending: Pending = {
      round: match?.round ?? 0,
      moves: match?.moves ?? 0,
      accepted: false,
    };
    this.#pending = pending;
    this.#changed();
    this.#room
      .rpc(CONNECT_FOUR_RPCS)
      .call("drop", { column })
      .then(
        ({ result }) => {
          if (result === "ok") {
            pending.accepted = true;
            this.observe();
          } else this.#settle(pending, result, REFUSAL_TEXT[result]);
        },
        (err: unknown) => {
          if (err instanceof RpcError && err.status === RPC_LINK_LOST) {
            const look = `${REFUSAL_TEXT.offline}: look at the board, then move again`;
            return this.#settle(pending, "offline", look);
          }
          // Only RpcError is expected here (rate limited, connection closed); anything else
          // is a bug and is shown as such rather than hidden.
          const detail = err instanceof RpcError ? err.message : String(err);
          this.#settle(pending, "failed", `${REFUSAL_TEXT.failed}: ${detail}`);
        },
      );
  }

  /**
   * Ends an accepted drop once the board shows it: the round, the move count or the turn
   * has moved on from the click. Call it whenever the mirror changed.
   */
  observe(): void {
    const p = this.#pending;
    if (!p?.accepted) return;
    const m = this.#match();
    const shown =
      m === null ||
      m.round !== p.round ||
      m.phase !== "playing" ||
      m.moves > p.moves ||
      m.turn !== this.#room.playerId;
    if (shown) this.#settle(p, null, "");
  }

  #settle(p: Pending, reason: DropRefusal | null, detail: string): void {
    if (this.#pending !== p) return;
    this.#pending = null;
    this.#changed();
    if (reason !== null) this.#refused(reason, detail);
  }
}
