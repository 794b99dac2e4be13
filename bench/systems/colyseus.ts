// Colyseus 0.18 as the peer: the arena state in @colyseus/schema 5, sent by @colyseus/core's
// SchemaSerializer exactly as a room's patch timer drives it (applyPatches once per tick to
// every JOINED client, a StateView per client in scene B), decoded by one SDK-style decoder
// per client.
import { performance } from "node:perf_hooks";
import { type Client, SchemaSerializer } from "@colyseus/core";
import { Encoder, type MapSchema, StateView } from "@colyseus/schema";
import type { ArenaScene } from "../scenes/arena-scene.js";
import type { Visibility } from "../scenes/interest-grid.js";
import { CapturingClient, ColyseusClientDecoder } from "./colyseus-client.js";
import {
  type ColyseusArenaState,
  type ColyseusEntity,
  type ColyseusVariant,
  defineColyseusState,
  FAIR_ANGLE_STEP,
  FAIR_VELOCITY,
  FAIR_VELOCITY_STEP,
  QUANTIZED_POSITION,
  QUANTIZED_POSITION_STEP,
} from "./colyseus-state.js";
import type { ClientMirror, ReplicationSystem, SystemFactory, Tolerance } from "./system.js";

/** Results key of each variant. */
const VARIANT_IDS = {
  float32: "colyseus",
  quantized: "colyseusQuantized",
  fair: "fairPeer",
} as const satisfies Record<ColyseusVariant, string>;

/** Table name of each variant. */
const VARIANT_LABELS: Record<ColyseusVariant, string> = {
  float32: "Colyseus float32",
  quantized: "Colyseus t.quantized x, y",
  fair: "Colyseus fair (all quantized)",
};

/**
 * A Colyseus room's replication, minus the sockets.
 *
 * @example
 * const system = colyseusSystem("quantized")();
 */
export class ColyseusSystem implements ReplicationSystem {
  readonly id;
  readonly label;
  readonly tolerance: Tolerance;
  readonly #variant: ColyseusVariant;
  #serializer = new SchemaSerializer<ColyseusArenaState>();
  #entities: ColyseusEntity[] = [];
  #clients: CapturingClient[] = [];
  /** The same clients as core's `Client`, the array a room keeps in `this.clients`. */
  #roomClients: Client[] = [];
  #visibility: Visibility | null = null;
  #decoders: ColyseusClientDecoder[] = [];
  #handshake: Uint8Array = new Uint8Array(0);
  /** False once the harness's heap phase stopped the tick's stopwatch (stopTiming). */
  #timed = true;

  constructor(variant: ColyseusVariant) {
    this.#variant = variant;
    this.id = VARIANT_IDS[variant];
    this.label = VARIANT_LABELS[variant];
    // A quantized field comes back as the nearest step: at most half a step off (a hair
    // over, for rounding). Everything else rides as float32 or uint8 and must come back
    // bit-exact.
    const half = (step: number) => (step / 2) * (1 + 1e-9);
    this.tolerance = {
      position: variant === "float32" ? 0 : half(QUANTIZED_POSITION_STEP),
      velocity: variant === "fair" ? half(FAIR_VELOCITY_STEP) : 0,
      angle: variant === "fair" ? half(FAIR_ANGLE_STEP) : 0,
    };
  }

  start(scene: ArenaScene, visibility: Visibility | null): void {
    // Colyseus warns and grows its buffers when a full state passes 16 KB (scene A's does);
    // its warning's advice, applied before the serializer allocates them.
    Encoder.BUFFER_SIZE = Math.max(Encoder.BUFFER_SIZE, 64 * 1024);
    this.#serializer = new SchemaSerializer<ColyseusArenaState>();
    this.#visibility = visibility;
    const { Entity, State } = defineColyseusState(this.#variant, visibility !== null);
    const state = new State();
    const map: MapSchema<ColyseusEntity> = state.entities;
    for (let id = 0; id < scene.entityCount; id++) {
      const entity = new Entity();
      entity.x = scene.x[id]!;
      entity.y = scene.y[id]!;
      entity.angle = scene.angle[id]!;
      entity.vx = scene.vx[id]!;
      entity.vy = scene.vy[id]!;
      entity.hp = scene.hp[id]!;
      entity.kind = scene.kind[id]!;
      map.set(String(id), entity);
      this.#entities.push(entity);
    }
    this.#serializer.reset(state);
    // A room's patch timer runs from onCreate: with no client yet, applyPatches discards the
    // creation changes, so the first clients start from the full state alone.
    this.#serializer.applyPatches([]);
    this.#handshake = this.#serializer.handshake();
    const clientCount = visibility?.clientCount ?? scene.clientX.length;
    for (let c = 0; c < clientCount; c++) {
      const { client, decoder } = this.#join(visibility, c);
      this.#clients.push(client);
      this.#roomClients.push(client.asClient());
      this.#decoders.push(decoder);
    }
  }

  tick(scene: ArenaScene, visibility: Visibility | null): number {
    const t0 = this.#timed ? performance.now() : 0;
    scene.step();
    visibility?.update(scene);
    this.#update(scene, visibility);
    const gameMs = this.#timed ? performance.now() - t0 : 0;
    this.#encode();
    return gameMs;
  }

  stopTiming(): void {
    this.#timed = false;
  }

  /** The room's game loop: the scene's changes written into the schema state. */
  #update(scene: ArenaScene, visibility: Visibility | null): void {
    const entities = this.#entities;
    for (let j = 0; j < scene.moverCount; j++) {
      const id = scene.movers[j]!;
      const entity = entities[id]!;
      entity.x = scene.x[id]!;
      entity.y = scene.y[id]!;
    }
    for (let j = 0; j < scene.velocityChangedCount; j++) {
      const id = scene.velocityChanged[j]!;
      const entity = entities[id]!;
      entity.vx = scene.vx[id]!;
      entity.vy = scene.vy[id]!;
      entity.angle = scene.angle[id]!;
    }
    for (let j = 0; j < scene.hpChangedCount; j++) {
      const id = scene.hpChanged[j]!;
      entities[id]!.hp = scene.hp[id]!;
    }
    if (visibility === null) return;
    // The game loop's interest step, as Colyseus documents it: view.add / view.remove as
    // entities enter and leave each client's area.
    for (let c = 0; c < this.#clients.length; c++) {
      const view = this.#clients[c]!.view!;
      for (const id of visibility.left(c)) view.remove(entities[id]!);
      for (const id of visibility.entered(c)) view.add(entities[id]!);
    }
  }

  /** The room's patch tick. */
  #encode(): void {
    const clients = this.#clients;
    for (let c = 0; c < clients.length; c++) clients[c]!.frame = null;
    // What Room.broadcastPatch does each patch tick (no defineInput(), so no timing prefix).
    this.#serializer.applyPatches(this.#roomClients);
  }

  receivedBytes(c: number): number {
    return this.#clients[c]!.frame?.byteLength ?? 0;
  }

  decode(c: number): void {
    const frame = this.#clients[c]!.frame;
    if (frame !== null) this.#decoders[c]!.receive(frame);
  }

  mirror(c: number): ClientMirror {
    return this.#decoders[c]!;
  }

  lateJoin(c: number): { bytes: number; mirror: ClientMirror } {
    const { client, decoder, bytes } = this.#join(this.#visibility, c);
    // The late joiner is measured, not kept: its view must not linger in the encoder.
    client.view?.dispose();
    return { bytes, mirror: decoder };
  }

  describe(): Record<string, unknown> {
    return {
      handshakeBytes: this.#handshake.byteLength,
      variant: this.#variant,
      positions:
        this.#variant === "float32"
          ? "float32"
          : `t.quantized({ min: 0, max: 2000 }) (16-bit, step ${QUANTIZED_POSITION_STEP.toFixed(5)})`,
      quantized: this.#variant === "float32" ? null : QUANTIZED_POSITION,
      otherFields:
        this.#variant === "fair"
          ? `vx, vy t.quantized({ min: -128, max: 128 }) (16-bit, step ${FAIR_VELOCITY_STEP.toFixed(5)}); angle t.angle() (16-bit wrap); hp, kind uint8`
          : "angle, vx, vy float32; hp, kind uint8",
      velocityQuantized: this.#variant === "fair" ? FAIR_VELOCITY : null,
    };
  }

  /**
   * A room's join: onJoin sets the client's StateView and adds what it sees; after the
   * JOIN_ROOM acknowledgement the room sends getFullState(client) (Room.sendFullState).
   */
  #join(
    visibility: Visibility | null,
    c: number,
  ): { client: CapturingClient; decoder: ColyseusClientDecoder; bytes: number } {
    const client = new CapturingClient();
    if (visibility !== null) {
      const view = new StateView();
      for (const id of visibility.visible(c)) view.add(this.#entities[id]!);
      client.view = view;
    }
    const frame = this.#serializer.getFullState(client.asClient());
    const decoder = new ColyseusClientDecoder(this.#handshake);
    decoder.receive(frame);
    return { client, decoder, bytes: frame.byteLength };
  }
}

/** Factory for one variant. */
export function colyseusSystem(variant: ColyseusVariant): SystemFactory {
  return () => new ColyseusSystem(variant);
}
