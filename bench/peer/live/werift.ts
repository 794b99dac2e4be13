// werift's RTCPeerConnection as the client takes it, for the bench's Node peers. Its `send`
// is declared for Buffers but copies any Uint8Array, so the cast is sound at runtime. IPv4
// host candidates only: on a loopback bench, IPv6 adds candidate pairs and nothing else.

import { RTCPeerConnection } from "werift";
import type {
  RtcConfiguration,
  RtcPeerConnectionConstructor,
} from "../../../client/src/peer/rtc-peer-connection.js";

class NodePeerConnection extends RTCPeerConnection {
  constructor(configuration: RtcConfiguration) {
    super({ ...configuration, iceUseIpv6: false });
  }
}

/** The RTCPeerConnection constructor for RtcOptions in Node. */
export const NodeRTCPeerConnection = NodePeerConnection as unknown as RtcPeerConnectionConstructor;
