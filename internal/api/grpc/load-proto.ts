// Loads the gRPC contract (proto/dago/v1/*.proto) at run time. The .proto files ship next to the compiled code
// (scripts/copy-assets.mjs), so the same relative path works from the sources and from dist/.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadPackageDefinition } from "@grpc/grpc-js";
import { loadSync, type Options, type PackageDefinition } from "@grpc/proto-loader";
import type { ProtoGrpcType } from "./generated/orchestrator.js";
import { readFields } from "./protobuf-wire.js";

export const PROTO_DIR = fileURLToPath(new URL("../../../proto/", import.meta.url));

/** The fully qualified name of the service, as health checks and reflection name it. */
export const ORCHESTRATOR_SERVICE = "dago.v1.Orchestrator";

/**
 * How messages become JavaScript objects. scripts/gen-proto-types.mjs passes the same choices to the type
 * generator: 64-bit integers and enums as strings, repeated fields always arrays, oneofs named by `kind`.
 */
export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  arrays: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

export function protoFiles(): string[] {
  return readdirSync(`${PROTO_DIR}dago/v1`)
    .filter((name) => name.endsWith(".proto"))
    .sort()
    .map((name) => `dago/v1/${name}`);
}

let cached: ProtoGrpcType | undefined;

/** The typed gRPC object of the contract (service definitions and client constructors), loaded once. */
export function loadDagoProto(): ProtoGrpcType {
  cached ??= loadPackageDefinition(loadSync(protoFiles(), LOADER_OPTIONS)) as unknown as ProtoGrpcType;
  return cached;
}

/**
 * The services as server reflection should describe them: the descriptors `buf build` compiled from the .proto
 * files and the standard health.proto (generated/descriptor-set.binpb), one per file with its imports and fully
 * qualified names. The descriptors
 * proto-loader makes merge the files of a package and list no imports, which strict clients (grpcurl, buf curl)
 * cannot resolve (grpc/grpc-node#2595); the reflection service only reads `fileDescriptorProtos`.
 */
export function reflectedContract(): PackageDefinition {
  const set = readFileSync(new URL("./generated/descriptor-set.binpb", import.meta.url));
  const files = readFields(set)
    .filter((f) => f.field === 1)
    .map((f) => Buffer.from(f.bytes));
  return { "compiled descriptors": { fileDescriptorProtos: files } as unknown as PackageDefinition[string] };
}
