// The Worker entry: the HTTP API and the Durable Object classes wrangler binds.

import { app } from "./app.js";

export { GameRoom } from "../durable-objects/game-room/game-room.js";

export default app;
