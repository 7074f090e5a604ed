import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and store-contract tests only; the browser tests under e2e/ belong to Playwright.
export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./", import.meta.url)) },
  },
  test: {
    include: ["lib/**/*.test.ts"],
    environment: "node",
    // the store contracts share one PostgreSQL database and one Redis db; run files one at a time
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
