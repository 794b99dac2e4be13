// What one room frame costs on the wire above its payload, over a WebSocket (TLS 1.3) and
// over a WebRTC data channel (SCTP over DTLS 1.2), so the peer bench can compare per-client
// bytes the way a network meter would. Every constant is in this file, with its source.
//
// Counted: the WebSocket frame header and the TLS record around each message; for a data
// channel, the edgetick channel framing (client/src/peer/channel-frames.ts), the SCTP common
// header, DATA chunk header and chunk padding, and the DTLS record around each packet.
// Not counted, on either side: IP, UDP and TCP headers, TCP ACKs and SCTP SACK chunks (the
// transport's own acknowledgements, not part of any message), and handshakes (TLS, DTLS,
// ICE, SCTP INIT), which are paid once per connection.
//
// One message is one TLS record, and one data channel message is one SCTP packet in one
// DTLS record: a frame the host writes on its own (one snapshot per tick per client) is
// sent that way. Stacks that bundle messages sent together share those headers, so the
// figures are an upper bound for bundled sends. Frames larger than one record or packet are
// refused rather than modelled (none of the peer scene's come close).

import { encodeChannelData } from "../../client/src/peer/channel-frames.js";
import type { Channel } from "../../shared/protocol/channel.js";

/** The two carriers compared. */
export type Carrier = "websocket" | "dataChannel";

/** Bytes a carrier adds around each message, and the limits the model holds within. */
export const FRAMING = {
  webSocket: {
    /**
     * RFC 6455 §5.2: a server frame is unmasked; FIN/opcode byte + 7-bit length: 2 bytes
     * for payloads under 126 bytes, + 16-bit extended length: 4 bytes under 65,536.
     */
    headerSmall: 2,
    headerMedium: 4,
    /** Payloads of 126 bytes and more take the 16-bit length. */
    mediumFrom: 126,
    /** 64-bit length from here on (10 bytes). */
    largeFrom: 65_536,
    headerLarge: 10,
    /**
     * RFC 8446 §5.2: a TLS 1.3 record: 5-byte header (type, legacy version, length), the
     * 1-byte inner content type, and the 16-byte AEAD tag (AES-GCM or ChaCha20-Poly1305);
     * no padding is sent by default.
     */
    tlsRecord: 5 + 1 + 16,
    /** TLS 1.3 plaintext records hold at most 2^14 bytes. */
    maxRecordPayload: 16_384,
  },
  dataChannel: {
    /** RFC 4960 §3.1: source and destination ports, verification tag, CRC32c checksum. */
    sctpCommonHeader: 12,
    /**
     * RFC 4960 §3.3.1: DATA chunk type, flags, length, TSN, stream id, stream sequence and
     * payload protocol id (WebRTC stacks send DATA; I-DATA, RFC 8260, would be 20).
     */
    sctpDataChunk: 16,
    /** RFC 4960 §3.2: every chunk is padded with zeros to a multiple of 4 bytes. */
    chunkAlign: 4,
    /**
     * RFC 6347 §4.1 + RFC 5288 §3: a DTLS 1.2 record header (type, version, epoch, 48-bit
     * sequence number, length) is 13 bytes; AES-GCM adds an 8-byte explicit nonce and a
     * 16-byte tag.
     */
    dtlsRecord: 13 + 8 + 16,
    /**
     * libwebrtc's SCTP packets are at most kSctpMtu = 1191 bytes (1280, IPv6's minimum MTU,
     * less 40 IPv6 + 8 UDP + 37 DTLS + 4 TURN channel bytes), so one DATA chunk carries at
     * most 1191 − 12 − 16 = 1163 bytes of a message.
     */
    maxChunkPayload: 1191 - 12 - 16,
  },
} as const;

/** Bytes of a server WebSocket frame header for a payload of `n` bytes. */
export function webSocketHeaderBytes(n: number): number {
  const w = FRAMING.webSocket;
  if (n < w.mediumFrom) return w.headerSmall;
  return n < w.largeFrom ? w.headerMedium : w.headerLarge;
}

/**
 * Bytes on the wire (above TCP) of one room frame of `payload` bytes sent to a client over
 * a WebSocket: header + payload in one TLS 1.3 record.
 */
export function webSocketWireBytes(payload: number): number {
  const w = FRAMING.webSocket;
  const message = webSocketHeaderBytes(payload) + payload;
  if (message > w.maxRecordPayload)
    throw new RangeError(`a ${payload}-byte frame spans several TLS records: not modelled`);
  return message + w.tlsRecord;
}

/**
 * Bytes on the wire (above UDP) of one room frame sent over a data channel: the message is
 * the frame as channel-frames.ts carries it on `channel` (the reliable channel escapes a
 * frame beginning with its control marker; the unreliable one sends frames as they are), in
 * one padded DATA chunk of one SCTP packet in one DTLS record.
 */
export function dataChannelWireBytes(frame: Uint8Array, channel: Channel): number {
  const d = FRAMING.dataChannel;
  const message = channel === "reliable" ? encodeChannelData(frame).length : frame.length;
  if (message > d.maxChunkPayload)
    throw new RangeError(`a ${message}-byte message spans several SCTP packets: not modelled`);
  const padded = Math.ceil(message / d.chunkAlign) * d.chunkAlign;
  return padded + d.sctpDataChunk + d.sctpCommonHeader + d.dtlsRecord;
}

/** Bytes on the wire of `frame`, received on `channel` over `carrier`. */
export function wireBytes(carrier: Carrier, frame: Uint8Array, channel: Channel): number {
  return carrier === "websocket"
    ? webSocketWireBytes(frame.length)
    : dataChannelWireBytes(frame, channel);
}
