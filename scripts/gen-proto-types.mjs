// Regenerates what is derived from the gRPC contract (proto/dago/v1/*.proto): the TypeScript types, with
// proto-loader-gen-types, and the compiled descriptors that server reflection serves (descriptor-set.binpb, a
// google.protobuf.FileDescriptorSet of the contract, its imports and the standard health.proto, from `buf build`).
// Usage: node scripts/gen-proto-types.mjs [outDir] (default internal/api/grpc/generated). The type generator's
// flags must match LOADER_OPTIONS in internal/api/grpc/load-proto.ts, so the types describe the loaded objects.
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(root, process.argv[2] ?? "internal/api/grpc/generated");
const protoFiles = readdirSync(join(root, "proto/dago/v1"))
  .filter((name) => name.endsWith(".proto"))
  .sort()
  .map((name) => `dago/v1/${name}`);
const require = createRequire(import.meta.url);
const generator = require.resolve("@grpc/proto-loader/build/bin/proto-loader-gen-types.js");
const buf = require.resolve("@bufbuild/buf/bin/buf");

rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    generator,
    "--longs=String",
    "--enums=String",
    "--oneofs",
    "--arrays",
    "--includeComments",
    "--grpcLib=@grpc/grpc-js",
    "--importFileExtension=.js",
    "-I",
    "proto",
    "-O",
    outDir,
    ...protoFiles,
  ],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
);
// The contract and, for the health service, the standard health.proto that grpc-health-check ships.
const healthProtoDir = join(dirname(require.resolve("grpc-health-check/package.json")), "proto");
const compiled = [join(root, "proto"), healthProtoDir].map((input) =>
  execFileSync(
    process.execPath,
    [buf, "build", input, "--as-file-descriptor-set", "--exclude-source-info", "-o", "-"],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 },
  ),
);
// A FileDescriptorSet is one repeated field, so two sets concatenated are one set with the files of both.
writeFileSync(join(outDir, "descriptor-set.binpb"), Buffer.concat(compiled));
