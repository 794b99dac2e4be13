// Tokens, keys and roles, shared by the Worker (which signs) and the rooms (which verify).
export {
  type KeyAlgorithm,
  type KeyRing,
  KeyRingError,
  loadKeyRing,
  parseKeyRing,
  type RingKey,
} from "./key-ring.js";
export {
  can,
  isRole,
  PERMISSION,
  type Permission,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from "./roles.js";
export {
  type SessionTicketClaims,
  signAccessToken,
  signJoinTicket,
  signSessionTicket,
  signSpectatorTicket,
  type TokenSubject,
  type TokenTiming,
} from "./sign-token.js";
export {
  type Credential,
  type CredentialFailure,
  type CredentialKind,
  type CredentialRefusal,
  type CredentialResult,
  refused,
  type SessionRole,
  type SessionTicket,
  type SessionTicketResult,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type TokenAudience,
} from "./token-claims.js";
export {
  type RoomRole,
  type VerifyContext,
  verifyRoomToken,
  verifySessionTicket,
  verifyToken,
} from "./verify-token.js";
