// How the Worker and the objects that place rooms address a game room Durable Object.

/**
 * The header that tells a room its id on every request: `ctx.id.name` is not set for an
 * object reached by a derived id in every runtime version, so the caller always says it.
 */
export const ROOM_ID_HEADER = "X-Edgetick-Room";

/**
 * The header the Worker sets on a socket request to the client's address (Cloudflare's
 * CF-Connecting-IP), replacing any the client sent: the room counts the sockets of each
 * address that have not joined yet.
 */
export const ADDRESS_HEADER = "X-Edgetick-Address";
