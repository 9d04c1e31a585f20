// Copies the non-TypeScript files the runtime loads (Lua scripts, the OpenAPI document, the gRPC contract) next to
// the compiled code.
import { cpSync, existsSync } from "node:fs";

const assets = [
  ["internal/store/scripts", "dist/internal/store/scripts"],
  ["internal/api/http/openapi.json", "dist/internal/api/http/openapi.json"],
  ["proto", "dist/proto"],
  [
    "internal/api/grpc/generated/descriptor-set.binpb",
    "dist/internal/api/grpc/generated/descriptor-set.binpb",
  ],
];
for (const [from, to] of assets) {
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}
