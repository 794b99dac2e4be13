import { describe, expect, it } from "vitest";
import { LobbyCore, type LobbySink, type ModerationHook } from "./lobby-core.js";
import {
  decodeLobbyClientMessage,
  LOBBY_CLOSE,
  type LobbyServerMessage,
} from "./lobby-protocol.js";
import { resolveLobbySettings } from "./lobby-settings.js";

const member = (accountId: string, roles = ["player"]) => ({ accountId, name: accountId, roles });

function lobby(settings = {}, moderate?: ModerationHook) {
  const broadcasts: LobbyServerMessage[] = [];
  const closed: [string, number][] = [];
  const sink: LobbySink = {
    broadcast: (m) => broadcasts.push(m),
    send: () => {},
    disconnect: (a, code) => closed.push([a, code]),
  };
  const core = new LobbyCore(
    LobbyCore.create("ABC123", member("host"), settings, 0),
    sink,
    moderate,
  );
  const last = () => broadcasts.filter((m) => m.type === "state").at(-1);
  return { core, broadcasts, closed, last };
}

describe("LobbyCore membership", () => {
  it("lists members with names, roles and the host, and hands the host on when it leaves", () => {
    const { core, closed } = lobby();
    expect(core.join(member("bob"), 1)).toEqual({ ok: true });
    expect(core.join(member("bob"), 2)).toEqual({ ok: true }); // again: nothing changes
    expect(core.view().members.map((m) => [m.accountId, m.host])).toEqual([
      ["host", true],
      ["bob", false],
    ]);
    core.leave("host");
    expect(core.view().hostId).toBe("bob");
    expect(closed).toEqual([["host", LOBBY_CLOSE.LEFT.code]]);
    core.leave("bob");
    expect(core.view().phase).toBe("closed");
    expect(core.join(member("eve"), 3)).toMatchObject({ ok: false, code: "lobby_closed" });
  });

  it("closes an idle lobby for good: its former members cannot come back in", () => {
    const { core, last } = lobby();
    core.join(member("bob"), 1);
    core.close();
    expect(last()).toMatchObject({ lobby: { phase: "closed", members: [] } });
    // Without the close, bob (still a member) would be let back in with ok.
    expect(core.join(member("bob"), 2)).toMatchObject({ ok: false, code: "lobby_closed" });
    expect(core.leave("host")).toMatchObject({ ok: false, code: "not_a_member" });
  });

  it("refuses a full lobby and a kicked member", () => {
    const { core, closed } = lobby({ maxPlayers: 2 });
    core.join(member("bob"), 1);
    expect(core.join(member("eve"), 2)).toMatchObject({ code: "lobby_full" });
    expect(core.kick("bob", "host")).toMatchObject({ code: "forbidden" });
    expect(core.kick("host", "bob")).toEqual({ ok: true });
    expect(closed).toEqual([["bob", LOBBY_CLOSE.KICKED.code]]);
    expect(core.join(member("bob"), 3)).toMatchObject({ code: "kicked" });
  });

  it("lets only the host change settings, validates them and un-readies everyone", () => {
    const { core } = lobby();
    core.join(member("bob"), 1);
    core.setReady("bob", true);
    expect(core.updateSettings("bob", { maxPlayers: 4 })).toMatchObject({ code: "not_host" });
    expect(core.updateSettings("host", { minPlayers: 9 })).toMatchObject({
      code: "invalid_settings",
      message: "settings.minPlayers must be an integer in [1, 8]",
    });
    expect(core.updateSettings("host", { maxPlayers: 4, properties: { map: "dust" } })).toEqual({
      ok: true,
    });
    expect(core.view().settings).toMatchObject({ maxPlayers: 4, properties: { map: "dust" } });
    expect(core.member("bob")?.ready).toBe(false);
  });
});

describe("LobbyCore chat", () => {
  it("limits length and rate, applies the moderation hook and honours mutes by moderators", () => {
    const hook: ModerationHook = (text) =>
      text.includes("darn")
        ? { action: "replace", text: text.replace("darn", "****") }
        : text.includes("spam")
          ? { action: "block", reason: "no spam" }
          : { action: "allow" };
    const { core, broadcasts } = lobby({}, hook);
    core.join(member("bob"), 0);
    core.join(member("mod", ["player", "moderator"]), 0);
    expect(core.chat("bob", "x".repeat(201), 0)).toMatchObject({ code: "invalid_chat" });
    expect(core.chat("bob", "  darn it ", 0)).toEqual({ ok: true });
    expect(broadcasts.at(-1)).toEqual({
      type: "chat",
      from: "bob",
      name: "bob",
      text: "**** it",
      at: 0,
    });
    expect(core.chat("bob", "buy spam", 0)).toMatchObject({ code: "chat_blocked" });
    // Burst of 5 at 1/s: 2 used above (the blocked one counts), 3 more pass, the 6th waits.
    for (let i = 0; i < 3; i++) expect(core.chat("bob", "hi", 0).ok).toBe(true);
    expect(core.chat("bob", "hi", 0)).toMatchObject({ code: "chat_rate_limited" });
    expect(core.chat("bob", "hi", 1000).ok).toBe(true);
    expect(core.mute("bob", "mod", true)).toMatchObject({ code: "forbidden" });
    expect(core.mute("mod", "bob", true)).toEqual({ ok: true });
    expect(core.chat("bob", "hi", 5000)).toMatchObject({ code: "muted" });
  });
});

describe("LobbyCore start", () => {
  it("starts only when enough members are all ready, after the countdown", () => {
    const { core, last } = lobby({ minPlayers: 2, countdownMs: 3000 });
    expect(core.requestStart("host", 0)).toMatchObject({ code: "not_enough_players" });
    core.join(member("bob"), 0);
    core.setReady("host", true);
    expect(core.requestStart("host", 0)).toMatchObject({
      code: "not_ready",
      message: "waiting for bob",
    });
    core.setReady("bob", true);
    expect(core.requestStart("bob", 0)).toMatchObject({ code: "not_host" });
    expect(core.requestStart("host", 100)).toEqual({ ok: true, endsAt: 3100 });
    expect(last()).toMatchObject({ lobby: { phase: "countdown", countdownEndsAt: 3100 } });
    expect(core.beginStart(3099)).toMatchObject({ code: "not_due" });
    expect(core.beginStart(3100)).toEqual({ ok: true });
    expect(core.view().phase).toBe("starting");
    // Nothing changes membership while the game is being created.
    expect(core.leave("bob")).toMatchObject({ code: "lobby_starting" });
    expect(core.join(member("eve"), 3100)).toMatchObject({ code: "lobby_started" });
    core.commitStart({ roomId: "lobby-ABC123-1", regionId: "weur", startedAt: 3100, warnings: [] });
    expect(last()).toMatchObject({
      lobby: { phase: "started", game: { roomId: "lobby-ABC123-1" } },
    });
    expect(core.reopen("host")).toEqual({ ok: true });
    expect(core.view().members.every((m) => !m.ready)).toBe(true);
  });

  it("cancels the countdown when someone un-readies or joins, and re-checks at the end", () => {
    const { core } = lobby({ minPlayers: 2 });
    core.join(member("bob"), 0);
    core.setReady("host", true);
    core.setReady("bob", true);
    core.requestStart("host", 0);
    core.setReady("bob", false);
    expect(core.view().phase).toBe("open");
    core.setReady("bob", true);
    core.requestStart("host", 0);
    core.join(member("eve"), 1);
    expect(core.view().phase).toBe("open");
  });

  it("goes back to gathering and says why when creating the game fails", () => {
    const { core, broadcasts } = lobby({ minPlayers: 1, countdownMs: 0 });
    core.setReady("host", true);
    core.requestStart("host", 0);
    core.beginStart(0);
    core.abortStart("start_failed", "no room");
    expect(core.view().phase).toBe("open");
    expect(broadcasts).toContainEqual({ type: "error", code: "start_failed", message: "no room" });
  });
});

describe("lobby messages", () => {
  it("decodes each client message and refuses doctored neighbours", () => {
    expect(decodeLobbyClientMessage('{"type":"ready","ready":true}')).toEqual({
      ok: true,
      value: { type: "ready", ready: true },
    });
    expect(decodeLobbyClientMessage('{"type":"ready","ready":"yes"}').ok).toBe(false);
    expect(decodeLobbyClientMessage('{"type":"start"}').ok).toBe(true);
    expect(decodeLobbyClientMessage('{"type":"start","now":1}').ok).toBe(false);
    expect(decodeLobbyClientMessage('{"type":"latencies","latencies":{"weur":20}}').ok).toBe(true);
    expect(decodeLobbyClientMessage('{"type":"latencies","latencies":{"weur":-1}}').ok).toBe(false);
    expect(decodeLobbyClientMessage('{"type":"kick","accountId":"acc_1"}').ok).toBe(true);
    expect(decodeLobbyClientMessage('{"type":"kick","accountId":"a b"}').ok).toBe(false);
    expect(decodeLobbyClientMessage("[1]").ok).toBe(false);
    expect(decodeLobbyClientMessage("{").ok).toBe(false);
    expect(decodeLobbyClientMessage(`{"type":"chat","text":"${"x".repeat(5000)}"}`)).toEqual({
      ok: false,
      error: "frame too large",
    });
  });

  it("resolves settings over a base and names the bad field", () => {
    const base = resolveLobbySettings({ maxPlayers: 4 });
    expect(resolveLobbySettings({ mode: "duel" }, base)).toMatchObject({
      maxPlayers: 4,
      mode: "duel",
    });
    expect(() => resolveLobbySettings({ mode: "Duel!" })).toThrow("settings.mode");
    expect(() => resolveLobbySettings({ properties: { "a b": 1 } })).toThrow(
      "settings.properties key",
    );
  });
});
