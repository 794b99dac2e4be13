// Roles and what they may do. Tokens carry role names; routes and rooms ask for a
// permission, never a role, so a new role is one line in ROLE_PERMISSIONS.

/** Every role edgetick knows, weakest first. */
export const ROLES = ["player", "moderator", "admin"] as const;

/** A role name. */
export type Role = (typeof ROLES)[number];

/** Every permission a route or a room can ask for. */
export const PERMISSION = {
  /** Read and write one's own player data; join rooms; ask for join tickets. */
  PLAY: "play",
  /** Remove a player from a room (4200). */
  ROOM_KICK: "room.kick",
  /** Mute or unmute a player in a room. */
  ROOM_MUTE: "room.mute",
  /**
   * Watch any room and its replays, private (ticket) ones included: spectator tickets for
   * rooms one is not a member of, and replays of matches one did not play.
   */
  ROOM_WATCH: "room.watch",
  /** Everything under /v1/admin: list and inspect rooms and players, ban, unban, roles. */
  ADMIN: "admin",
} as const;

/** A permission name. */
export type Permission = (typeof PERMISSION)[keyof typeof PERMISSION];

/** What each role grants. Roles do not inherit: admin lists everything it may do. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  player: [PERMISSION.PLAY],
  moderator: [PERMISSION.PLAY, PERMISSION.ROOM_KICK, PERMISSION.ROOM_MUTE, PERMISSION.ROOM_WATCH],
  admin: [
    PERMISSION.PLAY,
    PERMISSION.ROOM_KICK,
    PERMISSION.ROOM_MUTE,
    PERMISSION.ROOM_WATCH,
    PERMISSION.ADMIN,
  ],
};

/** True if any of `roles` grants `permission`. Unknown role names grant nothing. */
export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => isRole(r) && ROLE_PERMISSIONS[r].includes(permission));
}

/** True for the names in ROLES. */
export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}
