// Dots: each player moves a dot around a square field with the arrow keys. The whole game in
// one module, imported by the Worker (src/worker.ts: the room runs it, authoritative) and by
// the clients (web/main.ts and the e2e test: they predict their own dot with the same `step`).
// So `step` is deterministic: no clock, no I/O, no randomness.

import {
  defineComponent,
  defineGameModule,
  defineNetworkSchema,
  type GameDefinition,
  type InputCodec,
  type Query,
  uint16,
  vec2,
  type World,
} from "@edgetick/game";

/** Side of the square field, in field units (1 unit = 1 px on the page). */
export const FIELD_SIZE = 512;
/** Ticks per second of a room; the schema's prediction step follows it. */
export const TICK_RATE = 20;
/** How fast a dot moves, in units per second. */
export const SPEED = 160;
/** Radius of a dot; it stays this far inside the field's edges, in units. */
export const DOT_RADIUS = 8;

/** Arrow bits of an input byte; any other bit set is refused as implausible. */
export const ARROW = { UP: 0b0001, DOWN: 0b0010, LEFT: 0b0100, RIGHT: 0b1000 } as const;

/** One tick of a player's controls: a bit set of ARROW. */
export interface DotsInput {
  readonly arrows: number;
}

/** A player's dot: replicated to everyone, its position to 1/8 unit. */
export const Dot = defineComponent("Dot", {
  /** The owning player's id. */
  owner: uint16(),
  pos: vec2({ min: 0, max: FIELD_SIZE, step: 1 / 8 }),
});

/** What a room replicates. */
export const DOTS_SCHEMA = defineNetworkSchema([Dot], {
  tickSeconds: 1 / TICK_RATE,
  maxEntities: 64,
});

/** Inputs on the wire: one byte, bits as in ARROW. */
const DOTS_INPUT: InputCodec<DotsInput> = {
  bytes: 1,
  encode(input, out, offset) {
    out[offset] = input.arrows;
  },
  decode(bytes, offset) {
    const arrows = bytes[offset]!;
    return (arrows & ~0b1111) === 0 ? { arrows } : undefined;
  },
};

// A query preallocates its result array: one per world, not one per tick.
const dotQueries = new WeakMap<World, Query>();

/** The dots of `world`, collected now. */
export function collectDots(world: World): Query {
  let q = dotQueries.get(world);
  if (!q) {
    q = world.query([Dot]);
    dotQueries.set(world, q);
  }
  q.collect();
  return q;
}

/** Every dot as `{ owner, x, y }`, by owner. It allocates: for tests and tools. */
export function listDots(world: World): { owner: number; x: number; y: number }[] {
  const s = world.store(Dot);
  const q = collectDots(world);
  const out = [];
  for (let i = 0; i < q.count; i++) {
    const e = q.entities[i]!;
    out.push({ owner: s.owner[e]!, x: s.pos.x[e]!, y: s.pos.y[e]! });
  }
  return out.sort((a, b) => a.owner - b.owner);
}

/** Moves every dot one fixed step of `dt` seconds by its player's arrows. */
function stepDots(world: World, inputs: ReadonlyMap<number, DotsInput>, dt: number): void {
  const s = world.store(Dot);
  const q = collectDots(world);
  for (let i = 0; i < q.count; i++) {
    const e = q.entities[i]!;
    const arrows = inputs.get(s.owner[e]!)?.arrows ?? 0;
    let dx = (arrows & ARROW.RIGHT ? 1 : 0) - (arrows & ARROW.LEFT ? 1 : 0);
    let dy = (arrows & ARROW.DOWN ? 1 : 0) - (arrows & ARROW.UP ? 1 : 0);
    if (dx !== 0 && dy !== 0) {
      dx *= Math.SQRT1_2; // diagonals no faster than straight lines
      dy *= Math.SQRT1_2;
    }
    const clamp = (v: number) => Math.min(Math.max(v, DOT_RADIUS), FIELD_SIZE - DOT_RADIUS);
    s.pos.x[e] = clamp(s.pos.x[e]! + dx * SPEED * dt);
    s.pos.y[e] = clamp(s.pos.y[e]! + dy * SPEED * dt);
  }
}

/** The game both ends run. */
export const dotsGame: GameDefinition<DotsInput> = {
  name: "dots",
  input: DOTS_INPUT,
  idleInput: { arrows: 0 },
  schema: DOTS_SCHEMA,
  roomOptions: { tickRate: TICK_RATE, maxPlayers: 16 },
  addPlayer(world, playerId) {
    // Spread out by player id, so joining needs no randomness.
    const e = world.spawn();
    world.add(e, Dot, {
      owner: playerId,
      pos: { x: 64 + ((playerId * 97) % 384), y: 64 + ((playerId * 151) % 384) },
    });
  },
  removePlayer(world, playerId) {
    const s = world.store(Dot);
    const q = collectDots(world);
    for (let i = 0; i < q.count; i++) {
      const e = q.entities[i]!;
      if (s.owner[e] !== playerId) continue;
      world.despawn(e);
      return;
    }
  },
  step: stepDots,
  // Positions stay on the wire's 1/8 grid, so a client predicts its own dot exactly.
  quantizeState: true,
  // Each player predicts its own dot (moved at once on a key press); the others are
  // interpolated between snapshots.
  netcode: {
    predicted: (world, playerId, e) => world.has(e, Dot) && world.store(Dot).owner[e] === playerId,
  },
};

/** The module the Worker serves: `createEdgetick({ games: [dots] })`. */
export const dots = defineGameModule<DotsInput>({
  game: dotsGame,
  // Anyone signed in may open a room by name (`/v1/rooms/<name>/ws`).
  access: "public",
});
