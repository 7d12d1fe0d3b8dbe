// The Session Manager data channel's message format, as the SSM agent and session-manager-plugin
// write it (aws/amazon-ssm-agent agent/session/contracts/agentmessage.go): a 116-byte header
// (header length, message type, schema version, created date, sequence number, flags, message id,
// payload digest, payload type), the payload length, then the payload. Integers are big-endian.
import { createHash, randomUUID } from 'crypto';

export const HEADER_LENGTH = 116;

/** Payload types of the messages this client reads or writes. */
export enum PayloadType {
  OUTPUT = 1,
  HANDSHAKE_REQUEST = 5,
  HANDSHAKE_RESPONSE = 6,
  HANDSHAKE_COMPLETE = 7,
  EXIT_CODE = 12,
}

export interface AgentMessage {
  readonly messageType: string;
  readonly schemaVersion: number;
  readonly createdDate: number;
  readonly sequenceNumber: number;
  readonly flags: number;
  readonly messageId: string;
  readonly payloadType: number;
  readonly payload: Buffer;
}

// The agent writes a UUID's two 8-byte halves swapped (least significant first).
function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  return Buffer.from(hex.slice(16) + hex.slice(0, 16), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.subarray(8, 16).toString('hex') + bytes.subarray(0, 8).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Encodes a message of the data channel.
 */
export function encode(message: Omit<AgentMessage, 'messageId' | 'createdDate' | 'schemaVersion'> & Partial<AgentMessage>): Buffer {
  const buf = Buffer.alloc(HEADER_LENGTH + 4 + message.payload.length);
  buf.writeUInt32BE(HEADER_LENGTH, 0);
  buf.write(message.messageType.padEnd(32, ' '), 4, 32, 'utf8');
  buf.writeUInt32BE(message.schemaVersion ?? 1, 36);
  buf.writeBigUInt64BE(BigInt(message.createdDate ?? Date.now()), 40);
  buf.writeBigInt64BE(BigInt(message.sequenceNumber), 48);
  buf.writeBigUInt64BE(BigInt(message.flags), 56);
  uuidToBytes(message.messageId ?? randomUUID()).copy(buf, 64);
  createHash('sha256').update(message.payload).digest().copy(buf, 80);
  buf.writeUInt32BE(message.payloadType, 112);
  buf.writeUInt32BE(message.payload.length, HEADER_LENGTH);
  message.payload.copy(buf, HEADER_LENGTH + 4);
  return buf;
}

/**
 * Decodes a message of the data channel; throws on a frame that is not one.
 */
export function decode(frame: Buffer): AgentMessage {
  if (frame.length < HEADER_LENGTH + 4) throw new Error(`a frame of ${frame.length} bytes is shorter than a message header`);
  const headerLength = frame.readUInt32BE(0);
  if (headerLength !== HEADER_LENGTH) throw new Error(`a frame with header length ${headerLength} is not a Session Manager message`);
  const payloadLength = frame.readUInt32BE(HEADER_LENGTH);
  if (frame.length < HEADER_LENGTH + 4 + payloadLength) throw new Error(`a message announces ${payloadLength} payload bytes, but has ${frame.length - HEADER_LENGTH - 4}`);
  const payload = frame.subarray(HEADER_LENGTH + 4, HEADER_LENGTH + 4 + payloadLength);
  const digest = frame.subarray(80, 112);
  if (!digest.equals(createHash('sha256').update(payload).digest())) throw new Error('a message whose payload does not match its digest');
  return {
    messageType: frame.toString('utf8', 4, 36).replace(/[\s\0]+$/, ''),
    schemaVersion: frame.readUInt32BE(36),
    createdDate: Number(frame.readBigUInt64BE(40)),
    sequenceNumber: Number(frame.readBigInt64BE(48)),
    flags: Number(frame.readBigUInt64BE(56)),
    messageId: bytesToUuid(frame.subarray(64, 80)),
    payloadType: frame.readUInt32BE(112),
    payload: Buffer.from(payload),
  };
}

/**
 * The acknowledgement the agent waits for after each message it sends.
 */
export function acknowledgement(message: AgentMessage): Buffer {
  return encode({
    messageType: 'acknowledge',
    sequenceNumber: 0,
    flags: 3,
    payloadType: 0,
    payload: Buffer.from(JSON.stringify({
      AcknowledgedMessageType: message.messageType,
      AcknowledgedMessageId: message.messageId,
      AcknowledgedMessageSequenceNumber: message.sequenceNumber,
      IsSequentialMessage: true,
    })),
  });
}
