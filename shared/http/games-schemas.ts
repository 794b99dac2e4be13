// Games: what GET /v1/games lists, the games a deployment serves with their modes, so a
// client can offer them and pick a game and mode for matchmaking, lobbies and rooms.

import { z } from "zod";

/** A game or mode name: 1–32 of a-z, 0-9 and -. */
export const GameName = z
  .string()
  .regex(/^[a-z0-9-]{1,32}$/, "names are 1-32 characters of a-z, 0-9 and -")
  .meta({ example: "arena" });

/** One matchmaking mode of a game. */
export const GameModeInfo = z
  .object({
    name: z.string().meta({ example: "duel" }),
    teamSize: z.number().int().meta({ example: 1 }),
    teamCount: z.number().int().meta({ example: 2 }),
  })
  .meta({ id: "GameMode" });

/** One registered game. */
export const GameInfo = z
  .object({
    name: z.string().meta({ example: "arena" }),
    /** "public": rooms opened by id admit anyone signed in; "ticket": only ticket holders. */
    access: z.enum(["public", "ticket"]),
    tickRate: z.number().int().meta({ example: 30 }),
    /** Seats of a room opened by id (a mode's or lobby's room has its own). */
    maxPlayers: z.number().int().meta({ example: 32 }),
    modes: z.array(GameModeInfo),
    /** The player-data document keys the game keeps. */
    documents: z.array(z.string()).meta({ example: ["arena.stats"] }),
  })
  .meta({ id: "Game" });

/** GET /v1/games: the deployment's games, the default first. */
export const GameList = z.object({ games: z.array(GameInfo) }).meta({ id: "GameList" });

/** The deployment's games. */
export type GameList = z.infer<typeof GameList>;
