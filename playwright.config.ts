import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { PRODUCTION, SERVERS } from "./e2e/support/servers";
import { testCertificate } from "./e2e/support/tls";

/**
 * Every suite runs in real Chromium against `next start` (build first: `npm run build`):
 * - "postgres-redis": PostgreSQL + Redis, the production shape;
 * - "embedded": no DATABASE_URL / REDIS_URL, the embedded PGlite default;
 * - "short-timeouts": PostgreSQL + Redis with seconds-long idle/absolute/renewal/elevation timeouts;
 * - "elevation": PostgreSQL + Redis with a 4 s privilege window, for the elevation expiry test;
 * - "strict": PostgreSQL + Redis where a browser change ends the session and two sessions are the most;
 * - "incident": PostgreSQL + Redis for the admin's "end every session" switch, which ends all on its server;
 * - "resilience": its own redis-server and two instances on one database, for the outage and multi-instance tests;
 * - "notifications": two instances of its own, emailing a real SMTP server and signing webhooks to a receiver;
 * - "migration": instances of its own that adopt other systems' sessions, or move between session stores;
 * - "production": two instances behind nginx with TLS, no demo mode, TRUST_PROXY_HOPS=1 (the production shape).
 * Browser: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else Debian's /usr/bin/chromium, else Playwright's own.
 */
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
// The production project's certificate: Chromium trusts exactly it (its key's hash), Node clients
// in the test workers its CA (workers start after this, and read NODE_EXTRA_CA_CERTS at start)
const tls = testCertificate();
process.env.NODE_EXTRA_CA_CERTS = tls.ca;

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
    launchOptions: { executablePath, args: chromiumArgs },
  },
  projects: [
    {
      name: "postgres-redis",
      testIgnore: /timeouts\/|elevation\/|strict\/|incident\/|resilience\/|production\/|migration\/|notifications\//,
      use: { baseURL: SERVERS.main.url },
    },
    {
      name: "embedded",
      testIgnore:
        /timeouts\/|elevation\/|strict\/|incident\/|resilience\/|production\/|migration\/|notifications\/|i18n\/|at-rest|audit-trail|isolation|fuzz|app-disabled/,
      use: { baseURL: SERVERS.embedded.url },
    },
    { name: "short-timeouts", testMatch: /timeouts\/.*\.spec\.ts/, use: { baseURL: SERVERS.short.url } },
    { name: "elevation", testMatch: /elevation\/.*\.spec\.ts/, use: { baseURL: SERVERS.elevation.url } },
    { name: "strict", testMatch: /strict\/.*\.spec\.ts/, use: { baseURL: SERVERS.strict.url } },
    { name: "incident", testMatch: /incident\/.*\.spec\.ts/, use: { baseURL: SERVERS.incident.url } },
    // starts its own redis-server and two next start instances (e2e/support/instances.ts), to kill them
    { name: "resilience", testMatch: /resilience\/.*\.spec\.ts/ },
    // two instances of its own with a real SMTP server and a webhook receiver in the test process
    { name: "notifications", testMatch: /notifications\/.*\.spec\.ts/ },
    // starts instances of its own configured to adopt other systems' sessions, or to move between stores
    { name: "migration", testMatch: /migration\/.*\.spec\.ts/ },
    {
      name: "production",
      testMatch: /production\/.*\.spec\.ts/,
      use: {
        baseURL: PRODUCTION.url,
        launchOptions: { executablePath, args: [...chromiumArgs, `--ignore-certificate-errors-spki-list=${tls.spki}`] },
      },
    },
  ],
  webServer: [
    ...Object.values(SERVERS).map((server) => ({
      command: `npx tsx e2e/support/serve.ts ${server.name}`,
      url: `${server.url}/api/health`,
      timeout: 120_000,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    })),
    // nginx starts once both instances answer
    {
      command: "npx tsx e2e/support/serve-production.ts",
      url: `http://127.0.0.1:${PRODUCTION.readyPort}/`,
      timeout: 120_000,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    },
  ],
});
