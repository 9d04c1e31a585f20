// The few protobuf wire-format primitives needed to build and read the rich error status
// (`grpc-status-details-bin`), whose messages travel inside google.protobuf.Any rather than through a service.

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

export class ProtoWriter {
  private readonly chunks: Buffer[] = [];

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  private varint(value: number): void {
    const bytes: number[] = [];
    let v = value;
    while (v >= 0x80) {
      bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    bytes.push(v);
    this.chunks.push(Buffer.from(bytes));
  }

  uint(field: number, value: number): this {
    this.tag(field, VARINT);
    this.varint(value);
    return this;
  }

  bool(field: number, value: boolean): this {
    return this.uint(field, value ? 1 : 0);
  }

  double(field: number, value: number): this {
    this.tag(field, FIXED64);
    const buf = Buffer.alloc(8);
    buf.writeDoubleLE(value);
    this.chunks.push(buf);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.varint(value.length);
    this.chunks.push(Buffer.from(value));
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, "utf8"));
  }

  /** Writes a string only when it is not empty, as proto3 does for a plain string field. */
  optionalString(field: number, value: string | undefined): this {
    return value ? this.string(field, value) : this;
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface ProtoField {
  field: number;
  wireType: number;
  /** Varint fields. */
  number: number;
  /** Length-delimited fields. */
  bytes: Buffer;
  /** Fixed64 fields read as a double. */
  double: number;
}

/** Every field of a message in wire order; unknown wire types end the read (the buffer is malformed). */
export function readFields(buf: Buffer): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= buf.length) throw new RangeError("truncated varint");
      const byte = buf[pos++] as number;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    const entry: ProtoField = { field, wireType, number: 0, bytes: Buffer.alloc(0), double: 0 };
    if (wireType === VARINT) entry.number = varint();
    else if (wireType === FIXED64) {
      if (pos + 8 > buf.length) throw new RangeError("truncated fixed64");
      entry.double = buf.readDoubleLE(pos);
      pos += 8;
    } else if (wireType === LENGTH_DELIMITED) {
      const length = varint();
      if (pos + length > buf.length) throw new RangeError("truncated field");
      entry.bytes = buf.subarray(pos, pos + length);
      pos += length;
    } else if (wireType === FIXED32) pos += 4;
    else throw new RangeError(`unsupported wire type ${wireType}`);
    fields.push(entry);
  }
  return fields;
}
