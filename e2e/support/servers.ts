/**
 * The app servers the suites run against. Each gets its own database and Redis database so runs never
 * see each other's sessions or throttling counters. Override the services with TEST_DATABASE_URL
 * (any database on the server; the suites create their own) and TEST_REDIS_URL.
 */
const pgBase = new URL(process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
const redisBase = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const pg = (database: string) => Object.assign(new URL(pgBase), { pathname: `/${database}` }).toString();
const redis = (db: number) => `${redisBase.replace(/\/\d*$/, "")}/${db}`;

// A fixed, test-only secret: the suites forge and tamper cookies against it.
export const TEST_SESSION_SECRET = "e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";
export const TEST_METRICS_TOKEN = "e2e-metrics-token-4f9c1b7e2d";

export interface TestServer {
  name: string;
  url: string;
  port: number;
  env: Record<string, string>;
}

const server = (name: string, port: number, env: Record<string, string>): TestServer => ({
  name,
  port,
  url: `http://127.0.0.1:${port}`,
  // the suites sign in as the demo accounts (ALICE, BOB, the admin): these servers run in demo mode
  env: { SESSION_SECRET: TEST_SESSION_SECRET, METRICS_TOKEN: TEST_METRICS_TOKEN, PORT: String(port), DEMO_MODE: "1", ...env },
});

export const SERVERS = {
  main: server("main", 3211, { DATABASE_URL: pg("session_e2e"), REDIS_URL: redis(5) }),
  embedded: server("embedded", 3212, { EMBEDDED_DB_DIR: ".data/e2e-pglite" }),
  short: server("short", 3213, {
    DATABASE_URL: pg("session_e2e_short"),
    REDIS_URL: redis(6),
    SESSION_IDLE_TIMEOUT: "5s",
    SESSION_ABSOLUTE_TIMEOUT: "14s",
    SESSION_RENEWAL_INTERVAL: "3s",
    SESSION_ROTATION_GRACE: "2s",
    MOBILE_ACCESS_TTL: "3s",
    MOBILE_JWT_KEY_ROTATION: "4s",
  }),
  // the strictest settings a deployment can choose: a browser change ends the session; two sessions at most
  strict: server("strict", 3214, {
    DATABASE_URL: pg("session_e2e_strict"),
    REDIS_URL: redis(7),
    SESSION_BIND_UA: "revoke",
    SESSION_MAX_PER_USER: "2",
    SESSION_LIMIT_POLICY: "reject",
  }),
  // a privilege window of seconds that a test can wait out, with sessions that outlast the wait
  elevation: server("elevation", 3210, { DATABASE_URL: pg("session_e2e_elevation"), REDIS_URL: redis(10), SESSION_ELEVATION_TTL: "4s" }),
  // the admin's "end every session" switch ends everything on its server: it gets one to itself
  incident: server("incident", 3215, { DATABASE_URL: pg("session_e2e_incident"), REDIS_URL: redis(8) }),
} satisfies Record<string, TestServer>;

export type ServerName = keyof typeof SERVERS;

/**
 * The production shape (e2e/support/serve-production.ts): two app instances behind nginx, which
 * terminates TLS with the certificate of e2e/support/tls.ts and balances round-robin over them.
 * No demo mode; TRUST_PROXY_HOPS=1; PostgreSQL and Redis. Seconds-long timeouts, so that the audit
 * tool checks idle and absolute expiry too, and rotation happens within a test.
 */
export const PRODUCTION = {
  name: "production",
  url: "https://127.0.0.1:3443",
  port: 3443,
  /** nginx's plain-HTTP port, which only redirects */
  httpPort: 3480,
  /** answered by nginx itself once the whole stack is up (the launcher's readiness check) */
  readyPort: 3481,
  instances: [3221, 3222],
  idleSeconds: 12,
  absoluteSeconds: 40,
  env: {
    SESSION_SECRET: TEST_SESSION_SECRET,
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    DEMO_MODE: "",
    DATABASE_URL: pg("session_e2e_production"),
    REDIS_URL: redis(9),
    TRUST_PROXY_HOPS: "1",
    SESSION_BIND_IP: "step-up",
    SESSION_IDLE_TIMEOUT: "12s",
    SESSION_IDLE_WARNING: "3s",
    SESSION_ABSOLUTE_TIMEOUT: "40s",
    SESSION_RENEWAL_INTERVAL: "4s",
    SESSION_ROTATION_GRACE: "2s",
  },
} as const;
