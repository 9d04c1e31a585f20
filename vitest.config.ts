import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "internal/**/*.test.ts",
      "pkg/**/*.test.ts",
      "cmd/**/*.test.ts",
      "test/**/*.test.ts",
      "bench/**/*.test.ts",
      "web/**/*.test.ts",
    ],
    globalSetup: ["test/helpers/global-setup.ts"],
    setupFiles: ["test/helpers/fast-check-seed.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
