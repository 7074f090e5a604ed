import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { openDatabase } from "../../lib/db/connection";
import { applyMigrations } from "../../lib/db/migrate";
import { seedDemoUsers } from "../../lib/db/seed";
import { startRedisServer, type RedisProcess as RedisServer } from "../../lib/session/stores/redis-processes";
import { TEST_METRICS_TOKEN, TEST_SESSION_SECRET } from "./servers";

/**
 * For tests that need processes of their own: a redis-server they can kill and restart, and several
 * `next start` instances sharing one PostgreSQL database and that Redis. Loopback only; every process
 * is stopped by the test that started it.
 */
const pgBase = new URL(process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");

async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up within ${ms} ms`);
}

/** A redis-server on a fixed port that a test can kill (SIGKILL, as when its machine dies) and start again. */
export class RedisProcess {
  private server: RedisServer | null = null;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start() {
    this.server = await startRedisServer([], { port: this.port });
  }
  async kill() {
    await this.server?.stop();
    this.server = null;
  }
}

/** Every variable in .env.example pinned (empty unless given), as e2e/support/serve.ts does. */
async function hermeticEnv(values: Record<string, string>): Promise<NodeJS.ProcessEnv> {
  const keys = [...(await readFile(".env.example", "utf8")).matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  for (const key of keys) env[key] = "";
  return Object.assign(env, { SESSION_SECRET: TEST_SESSION_SECRET, METRICS_TOKEN: TEST_METRICS_TOKEN }, values);
}

/** A fresh database, migrated and seeded with the demo users. */
export async function freshDatabase(name: string): Promise<string> {
  const url = Object.assign(new URL(pgBase), { pathname: `/${name}` }).toString();
  const admin = new pg.Client({ connectionString: Object.assign(new URL(pgBase), { pathname: "/postgres" }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const db = await openDatabase(url);
  try {
    await applyMigrations(db.pool);
    await seedDemoUsers(db.prisma);
  } finally {
    await db.close();
  }
  return url;
}

export class AppInstance {
  private child: ChildProcess | null = null;
  /** the tail of the server's stderr */
  errors = "";
  constructor(
    readonly port: number,
    private readonly values: Record<string, string>,
  ) {}
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start() {
    const env = await hermeticEnv({ ...this.values, PORT: String(this.port) });
    this.child = spawn("node_modules/.bin/next", ["start", "-p", String(this.port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "ignore", "pipe"] });
    // the server's complaints, kept for a failing test to show (stdout carries the request log)
    this.child.stderr!.on("data", (chunk: Buffer) => (this.errors = (this.errors + chunk.toString()).slice(-20_000)));
    await waitFor(async () => (await fetch(`${this.url}/api/health`)).status < 500, `next start on ${this.port}`);
  }
  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
  /** Resident memory of the server process and its children (next start runs the app in a child). */
  async rssBytes(): Promise<number> {
    const pids = [this.child!.pid!];
    for (let i = 0; i < pids.length; i++) {
      const children = await readFile(`/proc/${pids[i]}/task/${pids[i]}/children`, "utf8").catch(() => "");
      pids.push(...children.split(/\s+/).filter(Boolean).map(Number));
    }
    let total = 0;
    for (const pid of pids) {
      const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    }
    return total;
  }
}
