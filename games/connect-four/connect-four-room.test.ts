// Connect Four in the real room core, with two clients over simulated links: the game runs
// behind the contract alone, its board reaches both clients' mirrors, and a move made by RPC
// shows up there one tick later.
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { RpcClient } from "../../shared/rpc/index.js";
import { NetHarness } from "../../test/support/netcode-harness.js";
import { readBoard, readMatch } from "./connect-four-board.js";
import { type ConnectFourInput, connectFourGame } from "./connect-four-game.js";
import { CONNECT_FOUR_RPCS } from "./connect-four-rpc.js";

describe("Connect Four in a room", () => {
  it("replicates the board and the turn to both players, and a drop made by RPC", () => {
    const link = { latencyMs: 20 };
    const h = new NetHarness<ConnectFourInput>(connectFourGame, {
      up: link,
      down: link,
      room: connectFourGame.roomOptions,
    });
    const red = h.join("red");
    const yellow = h.join("yellow");
    h.step(500);
    expect([red.closed, yellow.closed]).toEqual([undefined, undefined]);
    const redId = red.net.session.welcome!.playerId;
    for (const c of [red, yellow])
      expect(readMatch(c.net.world)).toMatchObject({ phase: "playing", turn: redId });

    const rpc = new RpcClient(CONNECT_FOUR_RPCS);
    const w = new ByteWriter();
    rpc.writeCall("drop", { column: 3 }, w);
    red.up.send(w.view().slice(), h.now);
    h.step(300);

    const yellowId = yellow.net.session.welcome!.playerId;
    for (const c of [red, yellow]) {
      const board = readBoard(c.net.world);
      expect(board.cells[0]).toEqual([null, null, null, 0, null, null, null]);
      expect(board.turn).toBe(yellowId);
    }
  });

  it("gives a third player no seat: the room holds two", () => {
    const h = new NetHarness<ConnectFourInput>(connectFourGame, {
      room: connectFourGame.roomOptions,
    });
    h.join("a");
    h.join("b");
    const third = h.join("c");
    h.step(300);
    expect(third.closed).toMatch(/^room closed 4005/);
  });
});
