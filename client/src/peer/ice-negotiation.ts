// The signaling half of one WebRTC connection: the offer and answer, and the ICE candidates
// trickled both ways through the signaling socket, each filtered by the link's candidate
// filter. Candidates follow the description they belong to: ours are held until our
// description was signaled, the other peer's until its description was set.

import type { SignalData } from "../../../shared/peer/signal-messages.js";
import { type CandidateInfo, filterSdp, keepsCandidate } from "./candidate-filter.js";
import type {
  RtcCandidate,
  RtcDescription,
  RtcIceEvent,
  RtcPeerConnectionLike,
} from "./rtc-peer-connection.js";
import type { SignalingClient } from "./signaling-client.js";

/** Most remote candidates held while the remote description is not set yet. */
const MAX_PENDING_CANDIDATES = 64;

/** Negotiates one connection with one peer; `fail` hears why it could not. */
export class IceNegotiation {
  readonly #pc: RtcPeerConnectionLike;
  readonly #signaling: SignalingClient;
  readonly #peer: number;
  readonly #keep: (c: CandidateInfo) => boolean;
  readonly #fail: (reason: string) => void;
  /** We offered: the other peer's answer is the description to take. */
  #offering = false;
  /** Our description was signaled: candidates may follow it. */
  #described = false;
  readonly #localCandidates: SignalData[] = [];
  /** The remote description is set: its candidates may be added. */
  #remoteSet = false;
  readonly #remoteCandidates: RtcCandidate[] = [];
  #stopped = false;

  constructor(
    pc: RtcPeerConnectionLike,
    signaling: SignalingClient,
    peer: number,
    keep: (c: CandidateInfo) => boolean,
    fail: (reason: string) => void,
  ) {
    this.#pc = pc;
    this.#signaling = signaling;
    this.#peer = peer;
    this.#keep = keep;
    this.#fail = fail;
    pc.onicecandidate = (e: RtcIceEvent) => this.#localCandidate(e.candidate);
  }

  /** Makes and signals the offer. */
  async offer(): Promise<void> {
    this.#offering = true;
    try {
      const offer = await this.#pc.createOffer();
      await this.#pc.setLocalDescription({ type: "offer", sdp: offer.sdp ?? "" });
      this.#describe("offer", this.#pc.localDescription?.sdp ?? offer.sdp ?? "");
    } catch (e) {
      this.#failed(`offer failed: ${String(e)}`);
    }
  }

  /** Takes the other peer's offer and signals the answer. */
  async answer(offer: RtcDescription): Promise<void> {
    try {
      const sdp = filterSdp(offer.sdp, this.#keep, "remote");
      await this.#pc.setRemoteDescription({ type: "offer", sdp });
      this.#remoteReady();
      const answer = await this.#pc.createAnswer();
      await this.#pc.setLocalDescription({ type: "answer", sdp: answer.sdp ?? "" });
      this.#describe("answer", this.#pc.localDescription?.sdp ?? answer.sdp ?? "");
    } catch (e) {
      this.#failed(`answer failed: ${String(e)}`);
    }
  }

  /** A signal from the other peer. */
  receive(data: SignalData): void {
    if (this.#stopped) return;
    if (data.kind === "description") {
      // Only an offerer takes a description here: an answerer was made with its offer.
      if (data.description.type !== "answer" || !this.#offering || this.#remoteSet) return;
      const sdp = filterSdp(data.description.sdp, this.#keep, "remote");
      this.#pc.setRemoteDescription({ type: "answer", sdp }).then(
        () => this.#remoteReady(),
        (e: unknown) => this.#failed(`answer refused: ${String(e)}`),
      );
      return;
    }
    const c = data.candidate;
    // End of candidates needs no action: ICE ends its checks on its own.
    if (!c || !keepsCandidate(this.#keep, c.candidate, "remote")) return;
    if (this.#remoteSet) this.#add(c);
    else if (this.#remoteCandidates.length < MAX_PENDING_CANDIDATES) this.#remoteCandidates.push(c);
  }

  /** Nothing more is signaled or added. */
  stop(): void {
    this.#stopped = true;
    this.#pc.onicecandidate = null;
  }

  /** Signals our description (its candidate lines filtered), then the candidates held back. */
  #describe(type: "offer" | "answer", sdp: string): void {
    if (this.#stopped) return;
    const description = { type, sdp: filterSdp(sdp, this.#keep, "local") };
    if (!this.#signaling.signal(this.#peer, { kind: "description", description }))
      return this.#failed(`the ${type} could not be signaled`);
    this.#described = true;
    for (const data of this.#localCandidates.splice(0)) this.#signaling.signal(this.#peer, data);
  }

  #localCandidate(c: RtcIceEvent["candidate"]): void {
    if (this.#stopped) return;
    let data: SignalData;
    if (!c) data = { kind: "candidate", candidate: null };
    else if (!keepsCandidate(this.#keep, c.candidate, "local")) return;
    else {
      const { candidate, sdpMid, sdpMLineIndex } = c.toJSON();
      data = { kind: "candidate", candidate: { candidate, sdpMid, sdpMLineIndex } };
    }
    if (this.#described) this.#signaling.signal(this.#peer, data);
    else this.#localCandidates.push(data);
  }

  #remoteReady(): void {
    if (this.#stopped) return;
    this.#remoteSet = true;
    for (const c of this.#remoteCandidates.splice(0)) this.#add(c);
  }

  #add(c: RtcCandidate): void {
    // A candidate the connection refuses (stale, or of another attempt) only misses a path.
    this.#pc.addIceCandidate(c).catch(() => {});
  }

  #failed(reason: string): void {
    if (!this.#stopped) this.#fail(reason);
  }
}
