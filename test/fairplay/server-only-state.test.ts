// Server authority: what a game keeps server-side never reaches a client. A game puts a secret
// on every runner in a local component (the hidden role of a social-deduction game, a loot
// table's seed); no frame the room sends any client — full states, deltas, keyframes after a
// resume — carries its bytes, and no client's world has the component.
import { describe, expect, it } from "vitest";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import type { ConnectionId } from "../../shared/room/room-sink.js";
import { defineLocalComponent } from "../../shared/schema/local-component.js";
import { NetHarness } from "../support/netcode-harness.js";
import { type DuelInput, duelGame, runnerOf } from "./duel-game.js";

/** Eight bytes no replicated value of the duel produces. */
const SECRET = Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x5e, 0xc2, 0xe7, 0x42);
const Role = defineLocalComponent("Role", () => ({ secret: SECRET.slice() }));

const secretGame: GameDefinition<DuelInput> = {
  ...duelGame,
  localComponents: [Role],
  addPlayer(world, playerId, name, seat) {
    duelGame.addPlayer(world, playerId, name, seat);
    world.add(runnerOf(world, playerId), Role);
  },
};

/** The harness, keeping every frame the room sends. */
class Recording extends NetHarness<DuelInput> {
  readonly frames: Uint8Array[] = [];

  override send(conn: ConnectionId, bytes: Uint8Array): void {
    this.frames.push(bytes.slice());
    super.send(conn, bytes);
  }
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

describe("server-only state", () => {
  it("never travels: no frame carries it, no client holds it", () => {
    const h = new Recording(secretGame, { seed: 4 });
    const a = h.join("a");
    const b = h.join("b");
    h.step(1000);
    for (let i = 0; i < 60; i++) {
      a.net.setInput({ x: 200 + i, y: 500, buttons: 0 });
      b.net.setInput({ x: 300 + i, y: 500 - i, buttons: 0 });
      h.step(33);
    }
    // The room holds it (the test would pass vacuously otherwise)…
    const e = runnerOf(h.room.world, 1);
    expect(h.room.world.get(e, Role).secret).toEqual(SECRET);
    // …and nothing it sent does.
    expect(h.frames.length).toBeGreaterThan(100);
    for (const f of h.frames) expect(contains(f, SECRET)).toBe(false);
    for (const c of [a, b]) {
      const world = c.net.world;
      for (let entity = 0; entity < world.capacity; entity++)
        if (world.isAlive(entity)) expect(world.has(entity, Role)).toBe(false);
    }
  });
});
