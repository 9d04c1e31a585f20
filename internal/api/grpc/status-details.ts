// The rich error status of a DagoError: a google.rpc.Status whose details are a google.rpc.ErrorInfo (reason =
// the error code of docs/ERRORS.md) and one dago.v1.ErrorDetail per problem. Servers encode it into the
// `grpc-status-details-bin` trailer; clients decode it back into the code and details the HTTP API returns.
import type { ErrorDetail } from "../../contract/error-catalog.js";
import { type ProtoField, ProtoWriter, readFields } from "./protobuf-wire.js";

export const ERROR_DOMAIN = "dago";
const TYPE_URL_PREFIX = "type.googleapis.com/";
const ERROR_INFO_TYPE = `${TYPE_URL_PREFIX}google.rpc.ErrorInfo`;
const ERROR_DETAIL_TYPE = `${TYPE_URL_PREFIX}dago.v1.ErrorDetail`;

export interface DecodedStatus {
  grpcCode: number;
  message: string;
  /** The dago error code (ErrorInfo.reason) when the server set one. */
  code?: string;
  details: ErrorDetail[];
}

export function encodeStatus(
  grpcCode: number,
  message: string,
  code: string,
  details: ErrorDetail[],
): Buffer {
  const status = new ProtoWriter().uint(1, grpcCode).optionalString(2, message);
  const info = new ProtoWriter().string(1, code).string(2, ERROR_DOMAIN).finish();
  status.bytes(3, any(ERROR_INFO_TYPE, info));
  for (const detail of details) status.bytes(3, any(ERROR_DETAIL_TYPE, encodeDetail(detail)));
  return status.finish();
}

function any(typeUrl: string, value: Buffer): Buffer {
  return new ProtoWriter().string(1, typeUrl).bytes(2, value).finish();
}

function encodeDetail(detail: ErrorDetail): Buffer {
  const { code, message, nodeId, path, ...extra } = detail;
  const out = new ProtoWriter().optionalString(1, code).optionalString(2, message);
  out.optionalString(3, nodeId);
  // Written even when empty: a path of "" names the request as a whole (a patch that changes nothing), which a
  // client must be able to tell from a detail without a path.
  if (path !== undefined) out.string(4, path);
  const rest = Object.entries(extra).filter(([, v]) => v !== undefined);
  if (rest.length > 0) out.bytes(5, encodeStruct(rest));
  return out.finish();
}

function encodeStruct(entries: Array<[string, unknown]>): Buffer {
  const out = new ProtoWriter();
  for (const [key, value] of entries) {
    out.bytes(1, new ProtoWriter().string(1, key).bytes(2, encodeValue(value)).finish());
  }
  return out.finish();
}

function encodeValue(value: unknown): Buffer {
  const out = new ProtoWriter();
  if (typeof value === "number") out.double(2, value);
  else if (typeof value === "string") out.string(3, value);
  else if (typeof value === "boolean") out.bool(4, value);
  else if (Array.isArray(value)) {
    const list = new ProtoWriter();
    for (const item of value) list.bytes(1, encodeValue(item));
    out.bytes(6, list.finish());
  } else if (typeof value === "object" && value !== null) {
    out.bytes(5, encodeStruct(Object.entries(value).filter(([, v]) => v !== undefined)));
  } else out.uint(1, 0);
  return out.finish();
}

/** Undefined when the buffer is not a status this module can read. */
export function decodeStatus(buf: Buffer): DecodedStatus | undefined {
  try {
    const status: DecodedStatus = { grpcCode: 0, message: "", details: [] };
    for (const f of readFields(buf)) {
      if (f.field === 1) status.grpcCode = f.number;
      else if (f.field === 2) status.message = f.bytes.toString("utf8");
      else if (f.field === 3) {
        const fields = readFields(f.bytes);
        const typeUrl = text(fields, 1);
        const value = fields.find((x) => x.field === 2)?.bytes ?? Buffer.alloc(0);
        if (typeUrl === ERROR_INFO_TYPE) {
          const info = readFields(value);
          if (text(info, 2) === ERROR_DOMAIN) status.code = text(info, 1);
        } else if (typeUrl === ERROR_DETAIL_TYPE) status.details.push(decodeDetail(value));
      }
    }
    return status;
  } catch {
    return undefined;
  }
}

function text(fields: ProtoField[], field: number): string {
  return fields.find((f) => f.field === field)?.bytes.toString("utf8") ?? "";
}

function decodeDetail(buf: Buffer): ErrorDetail {
  const fields = readFields(buf);
  const detail: ErrorDetail = { code: text(fields, 1), message: text(fields, 2) };
  const nodeId = text(fields, 3);
  if (nodeId) detail.nodeId = nodeId;
  if (fields.some((f) => f.field === 4)) detail.path = text(fields, 4);
  const extra = fields.find((f) => f.field === 5);
  if (extra) Object.assign(detail, decodeStruct(extra.bytes));
  return detail;
}

function decodeStruct(buf: Buffer): Record<string, unknown> {
  const record: Record<string, unknown> = Object.create(null);
  for (const entry of readFields(buf)) {
    if (entry.field !== 1) continue;
    const fields = readFields(entry.bytes);
    const value = fields.find((f) => f.field === 2);
    record[text(fields, 1)] = value ? decodeValue(value.bytes) : null;
  }
  return { ...record };
}

function decodeValue(buf: Buffer): unknown {
  let value: unknown = null;
  for (const f of readFields(buf)) {
    if (f.field === 2) value = f.double;
    else if (f.field === 3) value = f.bytes.toString("utf8");
    else if (f.field === 4) value = f.number !== 0;
    else if (f.field === 5) value = decodeStruct(f.bytes);
    else if (f.field === 6) value = readFields(f.bytes).map((item) => decodeValue(item.bytes));
    else if (f.field === 1) value = null;
  }
  return value;
}
