// Lobbies: settings, the control-channel protocol and the state machine.
export {
  CHAT_BURST,
  CHAT_RATE_PER_S,
  type JoiningMember,
  LobbyCore,
  type LobbyMember,
  type LobbyOutcome,
  type LobbyRefusal,
  type LobbySink,
  type LobbyState,
  type ModerationHook,
  type ModerationVerdict,
} from "./lobby-core.js";
export {
  decodeLobbyClientMessage,
  decodeLobbyServerMessage,
  LOBBY_CLOSE,
  type LobbyClientMessage,
  type LobbyGame,
  type LobbyMemberView,
  type LobbyPhase,
  type LobbyServerMessage,
  type LobbyView,
  MAX_CHAT_CHARS,
  MAX_LOBBY_FRAME_CHARS,
} from "./lobby-protocol.js";
export {
  DEFAULT_LOBBY_SETTINGS,
  type LobbyPropertyValue,
  type LobbySettings,
  MAX_COUNTDOWN_MS,
  MAX_LOBBY_PROPERTIES,
  type ResolvedLobbySettings,
  resolveLobbySettings,
} from "./lobby-settings.js";
