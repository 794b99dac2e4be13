// What a GameRoom does with its configuration requests, as plain decisions the adapter
// stores or answers: placement's configure (idempotent; replaceable while the room is
// unused), more members (backfill, join-or-create with a seat cap), the access question the
// ticket route asks, and the configuration a public room opened by id gets.

import type { GameRegistry, RegisteredGame } from "../../server/games/game-registry.js";
import { type RoomConfig, RoomConfigSchema } from "../../server/placement/room-config.js";
import { resolveRoomOptions } from "../../shared/room/room-options.js";

/** The configuration to keep (stored when `changed`), or why the request is refused. */
export type ConfigDecision =
  | { readonly ok: true; readonly config: RoomConfig; readonly changed: boolean }
  | { readonly ok: false; readonly response: Response };

/** An error answer in the API's shape (the Worker passes it on). */
export function refusal(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** The answer for a room whose game this deployment no longer serves. */
export function unserved(game: string): Response {
  return refusal(
    410,
    "game_not_served",
    `the room runs "${game}", which this deployment does not serve`,
  );
}

/**
 * A placement's configuration: taken if the room has none, the same one again is fine, and
 * a different one replaces it only while the room is unused (a lobby start tried again with
 * other members); a room that ran keeps its own.
 */
export function decideConfigure(
  current: RoomConfig | undefined,
  body: unknown,
  games: GameRegistry,
  used: boolean,
): ConfigDecision {
  const parsed = RoomConfigSchema.safeParse(body);
  if (!parsed.success)
    return { ok: false, response: refusal(400, "invalid_room_config", parsed.error.message) };
  const config = parsed.data;
  if (!games.get(config.game))
    return {
      ok: false,
      response: refusal(400, "unknown_game", `no game "${config.game}" is registered`),
    };
  const changed = JSON.stringify(current) !== JSON.stringify(config);
  if (current && changed && used)
    return {
      ok: false,
      response: refusal(409, "room_exists", "the room was made with another configuration"),
    };
  return { ok: true, config, changed };
}

/**
 * More members for a ticket room. With `upTo` (join-or-create hands out seats as members),
 * never more members than that: 409 room_full. In a room with teams each new member joins
 * the smallest team (the first of equals), so a backfilled player is seated in one.
 */
export function decideMembers(current: RoomConfig, body: unknown): ConfigDecision {
  const { accountIds, upTo } = (body ?? {}) as { accountIds?: unknown; upTo?: unknown };
  const parsed = RoomConfigSchema.shape.members.safeParse(accountIds);
  if (!parsed.success || !parsed.data)
    return {
      ok: false,
      response: refusal(400, "invalid_members", "accountIds: a list of account ids"),
    };
  const members = [...new Set([...(current.members ?? []), ...parsed.data])];
  if (typeof upTo === "number" && members.length > upTo)
    return {
      ok: false,
      response: refusal(409, "room_full", `the room has ${current.members?.length ?? 0} members`),
    };
  const teams = current.teams && withNewMembers(current.teams, members);
  const next = RoomConfigSchema.safeParse({ ...current, members, ...(teams ? { teams } : {}) });
  if (!next.success)
    return { ok: false, response: refusal(400, "invalid_members", next.error.message) };
  return { ok: true, config: next.data, changed: members.length !== current.members?.length };
}

/** What the ticket route asks: the room's game and access, and whether `account` is a member. */
export function accessAnswer(config: RoomConfig, account: string): Response {
  return Response.json({
    game: config.game,
    access: config.access,
    member: config.members?.includes(account) === true,
  });
}

/** The configuration of a public room a socket opened by id: its game's settings. */
export function openedRoomConfig(game: RegisteredGame): RoomConfig {
  const capacity = resolveRoomOptions(game.definition.roomOptions).maxPlayers;
  return { game: game.name, access: game.access, capacity, origin: "request" };
}

/** `teams` with every account of `members` not yet in one added to the smallest team. */
function withNewMembers(teams: readonly (readonly string[])[], members: readonly string[]) {
  const out = teams.map((t) => [...t]);
  const seated = new Set(out.flat());
  for (const account of members) {
    if (seated.has(account)) continue;
    let smallest = 0;
    for (let t = 1; t < out.length; t++) if (out[t]!.length < out[smallest]!.length) smallest = t;
    out[smallest]!.push(account);
    seated.add(account);
  }
  return out;
}
