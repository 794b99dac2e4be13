// Client-side prediction and reconciliation. The entities the game marks predicted for this
// player (its avatar) are copied into a prediction world and stepped with the game's own
// `step` on every input tick, so the player sees its input at once. Each input's resulting
// state is kept by sequence. When a snapshot acknowledges input s, the server's state is
// compared with the state predicted after s: equal, nothing happens; different, the
// prediction world is reset to the server's state and the unacknowledged inputs are
// replayed. The visual jump is kept as an error that fades over the field's correctionMs
// (or snaps past its snapThreshold), so the rendered entity glides instead of teleporting.

import type { GameDefinition } from "../../shared/game/game-definition.js";
import { WorldQuantizer } from "../../shared/replication/quantize-world.js";
import type { SchemaStore } from "../../shared/world/component-store.js";
import { type Entity, World } from "../../shared/world/world.js";
import { blendField, fieldDistance, wrapPi } from "./blend.js";
import { BLEND, type LaneField, type LaneLayout } from "./lane-layout.js";

/** What prediction has corrected so far. */
export interface PredictionCounters {
  /** Acknowledged states that differed from the prediction. */
  mispredictions: number;
  /** Replays without a prediction to compare (a new predicted entity, a lost history). */
  resyncs: number;
  /** Ticks stepped again during replays. */
  replayedTicks: number;
  /** Distance of the latest misprediction's correction on the position field, units. */
  lastCorrection: number;
  /** Largest such correction so far, units. */
  maxCorrection: number;
}

/** Steps and reconciles the locally predicted entities. */
export class Predictor<Input> {
  /** The prediction world: predicted entities only, at the latest input tick. */
  readonly world: World;
  readonly counters: PredictionCounters = {
    mispredictions: 0,
    resyncs: 0,
    replayedTicks: 0,
    lastCorrection: 0,
    maxCorrection: 0,
  };
  readonly #game: GameDefinition<Input>;
  readonly #layout: LaneLayout;
  readonly #playerId: number;
  readonly #mirror: World;
  readonly #mirrorStores: SchemaStore[];
  readonly #stores: SchemaStore[];
  readonly #quantizer: WorldQuantizer | null;
  readonly #dt: number;
  readonly #maxSlots: number;
  readonly #size: number;
  readonly #mirrorOf: Int32Array;
  readonly #localOf: Int32Array;
  readonly #slotOf: Int32Array;
  readonly #history: Float64Array;
  readonly #historySeq: Float64Array;
  readonly #inputs: (Input | undefined)[];
  readonly #inputMap = new Map<number, Input>();
  readonly #error: Float64Array;
  readonly #errorAt: Float64Array;
  readonly #before: Float64Array;
  readonly #scratch: Float64Array;
  readonly #spec: Float64Array;
  readonly #position: LaneField | undefined;
  #slots = 0;
  #lastSeq = -1;
  #resync = false;
  #fresh = false;
  #specSeq = -1;
  #specInput: Input | undefined;

  constructor(
    game: GameDefinition<Input>,
    layout: LaneLayout,
    playerId: number,
    mirror: World,
    options: { maxEntities: number; historyTicks: number },
  ) {
    this.#game = game;
    this.#layout = layout;
    this.#playerId = playerId;
    this.#mirror = mirror;
    this.#dt = game.schema.tickSeconds;
    this.#maxSlots = options.maxEntities;
    this.#size = options.historyTicks;
    this.world = new World({ capacity: options.maxEntities, idReuseDelayTicks: 0 });
    this.#mirrorStores = layout.stores(mirror);
    this.#stores = layout.stores(this.world);
    this.#quantizer = game.quantizeState ? new WorldQuantizer(this.world, game.schema) : null;
    const w = layout.width;
    const s = options.maxEntities;
    this.#mirrorOf = new Int32Array(s).fill(-1);
    this.#localOf = new Int32Array(s).fill(-1);
    this.#slotOf = new Int32Array(mirror.capacity).fill(-1);
    this.#history = new Float64Array(this.#size * s * w);
    this.#historySeq = new Float64Array(this.#size).fill(-1);
    this.#inputs = new Array<Input | undefined>(this.#size).fill(undefined);
    this.#error = new Float64Array(s * w);
    this.#errorAt = new Float64Array(s);
    this.#before = new Float64Array(s * w);
    this.#scratch = new Float64Array(s * w);
    this.#spec = new Float64Array(s * w);
    // Corrections are measured on the position: the first field predicted on the wire.
    this.#position =
      layout.fields.find((f) => {
        const def = game.schema.components[f.component]!;
        return def.fields[f.field]!.predictedAt >= 0;
      }) ?? layout.fields.find((f) => f.blend === BLEND.LINEAR);
  }

  /** Predicted entities now. */
  get size(): number {
    return this.#slots;
  }

  /** The latest input sequence stepped (−1 before any). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** The prediction slot of mirror entity `e`, or −1 when it is not predicted. */
  slotOf(e: Entity): number {
    return e >= 0 && e < this.#slotOf.length ? this.#slotOf[e]! : -1;
  }

  /** Starts predicting mirror entity `e` if the game says this player predicts it. */
  track(e: Entity): void {
    const predicted = this.#game.netcode?.predicted;
    if (!predicted || this.#slotOf[e]! >= 0 || this.#slots >= this.#maxSlots) return;
    if (!predicted(this.#mirror, this.#playerId, e)) return;
    const slot = this.#mirrorOf.indexOf(-1);
    const local = this.world.spawn();
    for (const def of this.#game.schema.components)
      if (this.#mirror.has(e, def)) this.world.add(local, def);
    this.world.flushEvents();
    this.#mirrorOf[slot] = e;
    this.#localOf[slot] = local;
    this.#slotOf[e] = slot;
    this.#slots++;
    this.#copyFromMirror(slot);
    this.#error.fill(0, slot * this.#layout.width, (slot + 1) * this.#layout.width);
    // Catch up with the unacknowledged inputs at the next snapshot, without a blend.
    this.#resync = true;
    this.#fresh = true;
    this.#specSeq = -1;
  }

  /** Stops predicting mirror entity `e` (it despawned). */
  untrack(e: Entity): void {
    const slot = this.slotOf(e);
    if (slot < 0) return;
    this.world.despawn(this.#localOf[slot]!);
    this.world.flushEvents();
    this.#mirrorOf[slot] = -1;
    this.#localOf[slot] = -1;
    this.#slotOf[e] = -1;
    this.#slots--;
    this.#resync = true;
    this.#specSeq = -1;
  }

  /** Records input `seq` and steps the predicted entities with it. */
  step(seq: number, input: Input): void {
    this.#inputs[seq % this.#size] = input;
    this.#lastSeq = seq;
    if (this.#slots === 0) return;
    this.#simulate(input);
    this.#record(seq);
  }

  /**
   * Compares the mirror (the server's state after input `ackSeq`) with the prediction for
   * `ackSeq`; on a difference, resets to the server's state and replays the later inputs.
   * `now` (ms) starts the blend of the visual correction. Returns whether it replayed.
   */
  reconcile(ackSeq: number, now: number): boolean {
    if (this.#slots === 0) return false;
    const layout = this.#layout;
    const w = layout.width;
    const acked = ackSeq >= 0;
    const at = acked ? (ackSeq % this.#size) * this.#maxSlots * w : -1;
    let resync = this.#resync || !acked || this.#historySeq[ackSeq % this.#size] !== ackSeq;
    if (!resync) {
      let same = true;
      for (let slot = 0; slot < this.#maxSlots && same; slot++) {
        const e = this.#mirrorOf[slot]!;
        if (e < 0) continue;
        layout.read(this.#mirrorStores, e, this.#scratch, slot * w);
        // Indexed: this runs once a snapshot, and a for-of allocates its iterator in the
        // tiers such code stays in for long.
        for (let fi = 0; fi < layout.fields.length; fi++) {
          const f = layout.fields[fi]!;
          if (!f.predict) continue;
          for (let l = 0; l < f.lanes; l++) {
            const i = f.at + l;
            if (this.#scratch[slot * w + i] !== this.#history[at + slot * w + i]) same = false;
          }
        }
      }
      if (same) return false;
    }
    // Mismatch or nothing to compare: start again from the server's state.
    const fresh = this.#fresh;
    this.#readAll(this.#before);
    for (let slot = 0; slot < this.#maxSlots; slot++)
      if (this.#mirrorOf[slot]! >= 0) this.#copyFromMirror(slot);
    let from = Math.max(0, this.#lastSeq - this.#size + 1);
    if (acked) {
      this.#record(ackSeq);
      from = ackSeq + 1;
    }
    if (from < this.#lastSeq - this.#size + 1) {
      // The acknowledged input is older than the history: nothing left to replay.
      from = this.#lastSeq + 1;
      resync = true;
    }
    for (let s = from; s <= this.#lastSeq; s++) {
      this.#simulate(this.#inputs[s % this.#size] ?? this.#game.idleInput);
      this.#record(s);
    }
    this.counters.replayedTicks += Math.max(0, this.#lastSeq - from + 1);
    if (resync) this.counters.resyncs++;
    else this.counters.mispredictions++;
    this.#resync = false;
    this.#fresh = false;
    this.#specSeq = -1;
    if (!fresh) this.#addCorrection(now, !resync);
    return true;
  }

  /**
   * Writes predicted entity `slot`'s rendered state into `out` at `offset` (its predicted
   * fields only): between the latest tick and the next one stepped with `held` by `alpha`,
   * plus what is left of the correction blend at `now`.
   */
  render(
    slot: number,
    alpha: number,
    held: Input,
    now: number,
    out: Float64Array,
    offset: number,
  ): void {
    const w = this.#layout.width;
    if (this.#specSeq !== this.#lastSeq || this.#specInput !== held) this.#speculate(held);
    this.#layout.read(this.#stores, this.#localOf[slot]!, this.#scratch, slot * w);
    const errAge = now - this.#errorAt[slot]!;
    for (const f of this.#layout.fields) {
      if (!f.predict) continue;
      blendField(f, this.#scratch, slot * w, this.#spec, slot * w, alpha, out, offset);
      if (f.blend !== BLEND.LINEAR && f.blend !== BLEND.ANGLE) continue;
      const k = f.correctionMs > 0 ? Math.max(0, 1 - errAge / f.correctionMs) : 0;
      if (k === 0) continue;
      for (let l = 0; l < f.lanes; l++)
        out[offset + f.at + l] += this.#error[slot * w + f.at + l]! * k;
      if (f.blend === BLEND.ANGLE) out[offset + f.at] = wrapPi(out[offset + f.at]!);
    }
  }

  /** The predicted state after input `seq` of `slot`'s lane `lane`, or NaN when forgotten. */
  historyAt(seq: number, slot: number, lane: number): number {
    if (this.#historySeq[seq % this.#size] !== seq) return Number.NaN;
    const w = this.#layout.width;
    return this.#history[(seq % this.#size) * this.#maxSlots * w + slot * w + lane]!;
  }

  #simulate(input: Input): void {
    this.#inputMap.set(this.#playerId, input);
    this.#game.step(this.world, this.#inputMap, this.#dt);
    this.#quantizer?.apply();
    this.world.flushEvents();
  }

  #record(seq: number): void {
    const w = this.#layout.width;
    const base = (seq % this.#size) * this.#maxSlots * w;
    this.#historySeq[seq % this.#size] = seq;
    for (let slot = 0; slot < this.#maxSlots; slot++) {
      const local = this.#localOf[slot]!;
      if (local >= 0) this.#layout.read(this.#stores, local, this.#history, base + slot * w);
    }
  }

  #readAll(out: Float64Array): void {
    const w = this.#layout.width;
    for (let slot = 0; slot < this.#maxSlots; slot++) {
      const local = this.#localOf[slot]!;
      if (local >= 0) this.#layout.read(this.#stores, local, out, slot * w);
    }
  }

  #copyFromMirror(slot: number): void {
    const e = this.#mirrorOf[slot]!;
    const local = this.#localOf[slot]!;
    const w = this.#layout.width;
    this.#layout.read(this.#mirrorStores, e, this.#scratch, slot * w);
    this.#layout.write(this.#scratch, slot * w, this.#stores, local);
    for (let c = 0; c < this.#stores.length; c++) {
      const from = this.#mirrorStores[c]!.strings;
      const to = this.#stores[c]!.strings;
      for (let k = 0; k < from.length; k++) to[k]![local] = from[k]![e]!;
    }
  }

  /** Steps a copy of the latest state with `held` (then restores it) for sub-tick rendering. */
  #speculate(held: Input): void {
    const w = this.#layout.width;
    this.#readAll(this.#before);
    this.#simulate(held);
    this.#readAll(this.#spec);
    for (let slot = 0; slot < this.#maxSlots; slot++) {
      const local = this.#localOf[slot]!;
      if (local >= 0) this.#layout.write(this.#before, slot * w, this.#stores, local);
    }
    this.#specSeq = this.#lastSeq;
    this.#specInput = held;
  }

  /** Turns the jump from `#before` to the replayed state into a fading visual error. */
  #addCorrection(now: number, misprediction: boolean): void {
    const w = this.#layout.width;
    this.#readAll(this.#scratch);
    let worst = 0;
    for (let slot = 0; slot < this.#maxSlots; slot++) {
      if (this.#localOf[slot]! < 0) continue;
      const base = slot * w;
      const age = now - this.#errorAt[slot]!;
      for (const f of this.#layout.fields) {
        if (!f.predict) continue;
        const blends = f.blend === BLEND.LINEAR || f.blend === BLEND.ANGLE;
        const jump = fieldDistance(f, this.#scratch, base, this.#before, base);
        if (f === this.#position) worst = Math.max(worst, jump);
        const k = f.correctionMs > 0 ? Math.max(0, 1 - age / f.correctionMs) : 0;
        for (let l = 0; l < f.lanes; l++) {
          const i = base + f.at + l;
          let d = this.#before[i]! - this.#scratch[i]!;
          if (f.blend === BLEND.ANGLE) d = wrapPi(d);
          this.#error[i] = blends && jump <= f.snapThreshold ? this.#error[i]! * k + d : 0;
        }
      }
      this.#errorAt[slot] = now;
    }
    if (!misprediction) return;
    this.counters.lastCorrection = worst;
    this.counters.maxCorrection = Math.max(this.counters.maxCorrection, worst);
  }
}
