// The gRPC transport's public surface for the composition root.
export type { Caller } from "./caller.js";
export { callerOf, DEFAULT_TENANT, TENANT_METADATA } from "./caller.js";
export type { GrpcApi, GrpcServerOptions } from "./grpc-server.js";
export { startGrpcServer } from "./grpc-server.js";
export { LOADER_OPTIONS, loadDagoProto, ORCHESTRATOR_SERVICE, PROTO_DIR, protoFiles } from "./load-proto.js";
