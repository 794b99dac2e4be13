// The game as a zone's room runs it, and as a world client's netcode predicts it. A zone is
// a room core running the same game for its area: nothing of RoomCore is forked, the zone
// extends it through its one game seam. The room's game takes zone inputs (world sequence
// plus window, zone-input.ts) and hands the zone its tick boundary: before the game's step
// (arrivals adopted, ghost batches applied) and after it (ghosts held read-only, tickets
// issued, departures committed, ghosts selected). Players without an avatar here (a parked
// traveller, one whose avatar left) are kept from the game's hooks and its step.

import type { GameDefinition, PlayerSeat } from "../game/game-definition.js";
import type { World } from "../world/world.js";
import { idleZoneInput, type ZoneInput, zoneInputCodec } from "./zone-input.js";
import type { ZonedGame } from "./zoned-game.js";

/** A zone room's default input queue (RoomOptions.maxQueuedInputs): 2 s at 30 Hz. */
export const ZONE_MAX_QUEUED_INPUTS = 64;

/** What the zone does at its room's seams (ZoneCore implements it). */
export interface ZoneRoomHooks<Input> {
  /** A player took a seat; true when the zone placed it as an arriving traveller (no avatar). */
  seated(playerId: number, name: string): boolean;
  /** Whether player `playerId`'s avatar is in this zone (the game hears of it). */
  hasAvatar(playerId: number): boolean;
  /** The player left the room for good. */
  left(playerId: number): void;
  beforeStep(world: World): void;
  /** The inputs the game's step applies this tick, from the room's zone inputs. */
  inputs(room: ReadonlyMap<number, ZoneInput<Input>>): ReadonlyMap<number, Input>;
  afterStep(world: World): void;
}

/**
 * The game a zone's RoomCore runs. Fair-play rules and bot policies are typed on the game's
 * own input, so the zone's room runs without them (docs/zones.md, "left out").
 */
export function zoneRoomGame<Input>(
  game: ZonedGame<Input>,
  hooks: ZoneRoomHooks<Input>,
): GameDefinition<ZoneInput<Input>> {
  const { fairPlay: _rules, bot: _bot, zones: _zones, input, idleInput, ...same } = game;
  const mine = (id: number) => hooks.hasAvatar(id);
  return {
    ...same,
    // Every world input counts in a zone: a reliable link that retransmits delivers a
    // burst of frames at once, which the room's default queue of 8 would partly drop.
    roomOptions: { maxQueuedInputs: ZONE_MAX_QUEUED_INPUTS, ...game.roomOptions },
    input: zoneInputCodec(input),
    idleInput: idleZoneInput(idleInput),
    addPlayer(world: World, id: number, name: string, seat: PlayerSeat) {
      if (!hooks.seated(id, name)) game.addPlayer(world, id, name, seat);
    },
    removePlayer(world: World, id: number) {
      if (mine(id)) game.removePlayer(world, id);
      hooks.left(id);
    },
    onJoin: (world, id, name) => (mine(id) ? game.onJoin?.(world, id, name) : undefined),
    onLeave: (world, id) => (mine(id) ? game.onLeave?.(world, id) : undefined),
    onDisconnect: (world, id) => (mine(id) ? game.onDisconnect?.(world, id) : undefined),
    onReconnect: (world, id) => (mine(id) ? game.onReconnect?.(world, id) : undefined),
    step(world, inputs, dt) {
      hooks.beforeStep(world);
      game.step(world, hooks.inputs(inputs), dt);
      hooks.afterStep(world);
    },
  };
}

/**
 * The game a world client's netcode cores run: the zone's input codec, and a step that
 * predicts with each player's newest input of the window.
 */
export function zoneClientGame<Input>(game: ZonedGame<Input>): GameDefinition<ZoneInput<Input>> {
  const { fairPlay: _rules, bot: _bot, zones: _zones, input, idleInput, ...same } = game;
  const unwrapped = new Map<number, Input>();
  return {
    ...same,
    input: zoneInputCodec(input),
    idleInput: idleZoneInput(idleInput),
    step(world, inputs, dt) {
      unwrapped.clear();
      for (const [id, zi] of inputs) unwrapped.set(id, zi.inputs[0]!);
      game.step(world, unwrapped, dt);
    },
  };
}
