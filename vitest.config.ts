import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Two projects (the browser tests under e2e/ belong to Playwright):
 * - "quick": `*.test.ts`, which need no PostgreSQL, Redis or browser (npm run check, under a minute);
 * - "integration": `*.int.test.ts`, on real servers: PostgreSQL, Redis, and redis-server processes
 *   they start themselves. They share one database and one Redis db, so their files run one at a time.
 */
export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./", import.meta.url)) },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "quick", include: ["lib/**/*.test.ts", "app/**/*.test.ts"], exclude: ["lib/**/*.int.test.ts"] } },
      { extends: true, test: { name: "integration", include: ["lib/**/*.int.test.ts"], fileParallelism: false } },
    ],
  },
});
