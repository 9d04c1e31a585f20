// Builds the dashboard into dist/web, which the API serves at "/". JSX is compiled by Vite's own transform
// (automatic runtime, Preact), so no framework plugin is needed.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: webRoot,
  base: "/",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development, against a `dago serve` on :8080.
    proxy: { "/api": { target: "http://localhost:8080", ws: true } },
  },
});
