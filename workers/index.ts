// The Worker entry: the HTTP API and the Durable Object classes wrangler binds.

import { app } from "./app.js";

export { GameRoom } from "../durable-objects/game-room/game-room.js";
export { Lobby } from "../durable-objects/lobby/lobby.js";
export { Matchmaker } from "../durable-objects/matchmaker/matchmaker.js";
export { RegionPing } from "../durable-objects/region-ping/region-ping.js";

export default app;
