import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // server-only throws outside React Server Components; tests import feature modules directly.
      "server-only": path.resolve(import.meta.dirname, "lib/db/server-only-stub.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "bench/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    globalSetup: ["lib/db/test-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
