// Copies the non-TypeScript files the runtime loads (Lua scripts, the OpenAPI document) next to the compiled code.
import { cpSync, existsSync } from "node:fs";

const assets = [
  ["internal/engine/scripts", "dist/internal/engine/scripts"],
  ["internal/api/http/openapi.json", "dist/internal/api/http/openapi.json"],
];
for (const [from, to] of assets) {
  if (existsSync(from)) cpSync(from, to, { recursive: true });
}
