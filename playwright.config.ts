import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { SERVERS } from "./e2e/support/servers";

/**
 * Every suite runs in real Chromium against `next start` (build first: `npm run build`):
 * - "postgres-redis": PostgreSQL + Redis, the production shape;
 * - "embedded": no DATABASE_URL / REDIS_URL, the embedded PGlite default;
 * - "short-timeouts": PostgreSQL + Redis with seconds-long idle/absolute/renewal/elevation timeouts;
 * - "strict": PostgreSQL + Redis where a browser change ends the session and two sessions are the most;
 * - "incident": PostgreSQL + Redis for the admin's "end every session" switch, which ends all on its server;
 * - "resilience": its own redis-server and two instances on one database, for the outage and multi-instance tests.
 * Browser: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else Debian's /usr/bin/chromium, else Playwright's own.
 */
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "./e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    ...devices["Desktop Chrome"],
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "postgres-redis", testIgnore: /timeouts\/|strict\/|incident\/|resilience\//, use: { baseURL: SERVERS.main.url } },
    { name: "embedded", testIgnore: /timeouts\/|strict\/|incident\/|resilience\/|at-rest|audit-trail|isolation|fuzz|app-disabled/, use: { baseURL: SERVERS.embedded.url } },
    { name: "short-timeouts", testMatch: /timeouts\/.*\.spec\.ts/, use: { baseURL: SERVERS.short.url } },
    { name: "strict", testMatch: /strict\/.*\.spec\.ts/, use: { baseURL: SERVERS.strict.url } },
    { name: "incident", testMatch: /incident\/.*\.spec\.ts/, use: { baseURL: SERVERS.incident.url } },
    // starts its own redis-server and two next start instances (e2e/support/instances.ts), to kill them
    { name: "resilience", testMatch: /resilience\/.*\.spec\.ts/ },
  ],
  webServer: Object.values(SERVERS).map((server) => ({
    command: `npx tsx e2e/support/serve.ts ${server.name}`,
    url: `${server.url}/api/health`,
    timeout: 120_000,
    reuseExistingServer: !process.env.CI,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  })),
});
