/**
 * A published event's frame, encoded once for every recipient: the WebSocket text frame whole
 * (RFC 6455 §5.2 header, unmasked as a server sends, then the payload), and the payload alone
 * as a view into it. A connection hands `wire` to its socket as it is, so a fan-out to N sockets
 * costs N writes of one shared Buffer and no per-socket framing.
 */
export class EncodedFrame {
  readonly wire: Buffer;
  readonly payload: Buffer;

  constructor(text: string) {
    const length = Buffer.byteLength(text, 'utf8');
    const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    const wire = Buffer.allocUnsafe(header + length);
    wire[0] = 0x81; // FIN, opcode 1 (text)
    if (length < 126) {
      wire[1] = length;
    } else if (length < 65_536) {
      wire[1] = 126;
      wire.writeUInt16BE(length, 2);
    } else {
      wire[1] = 127;
      wire.writeBigUInt64BE(BigInt(length), 2);
    }
    wire.write(text, header, 'utf8');
    this.wire = wire;
    this.payload = wire.subarray(header);
  }

  toString(): string {
    return this.payload.toString('utf8');
  }
}
