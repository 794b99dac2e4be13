// When a link to another peer must end because of the session rather than the link: the
// other peer left the session (4400 HOST_LEFT when it hosted, so the connection migrates; a
// plain 1001 otherwise), or our own signaling socket closed: we are out of the session, and
// the peers we hosted migrate (4400), while a link of ours to a host is over (4401). Links
// close then with that code, so the far end hears it too where it still can.

import { CLOSE } from "../../../shared/protocol/close-codes.js";
import type { SignalingClient } from "./signaling-client.js";

/** Calls `end` once when `peer` leaves or hands over hosting, or the socket closes. */
export function closeOnDeparture(
  signaling: SignalingClient,
  peer: number,
  end: (code: number, reason: string) => void,
): () => void {
  let done = false;
  const once = (code: number, reason: string) => {
    if (done) return;
    done = true;
    off();
    end(code, reason);
  };
  const unsubscribe = [
    signaling.on("peer-left", ({ peerId, wasHost }) => {
      if (peerId !== peer) return;
      if (wasHost) once(CLOSE.HOST_LEFT.code, CLOSE.HOST_LEFT.reason);
      else once(CLOSE.GOING_AWAY.code, "peer left the session");
    }),
    // The announcement may come before the old host's departure: the same outcome.
    signaling.on("host", ({ previousHostPeerId }) => {
      if (previousHostPeerId === peer) once(CLOSE.HOST_LEFT.code, CLOSE.HOST_LEFT.reason);
    }),
    signaling.on("close", ({ code }) => {
      if (signaling.hostPeerId === signaling.peerId)
        once(CLOSE.HOST_LEFT.code, CLOSE.HOST_LEFT.reason);
      else once(CLOSE.SESSION_ENDED.code, `signaling closed (${code})`);
    }),
  ];
  const off = () => {
    for (const u of unsubscribe) u();
  };
  // Never inside the call: the caller sets its handlers after making the link.
  if (signaling.closed) queueMicrotask(() => once(CLOSE.SESSION_ENDED.code, "signaling closed"));
  return off;
}
