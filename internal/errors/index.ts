export type { ErrorCode, ErrorDetail, GrpcStatus } from "./catalog.js";
export { DagoError, ERROR_CATALOG, GRPC_STATUS, isDagoError, retryAfterSeconds } from "./catalog.js";
