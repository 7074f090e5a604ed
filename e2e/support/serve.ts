// Prepares a fresh database (and Redis database) for one test server, then runs `next start` on it.
// Usage: tsx e2e/support/serve.ts <main|embedded|short>
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import pg from "pg";
import { Redis } from "ioredis";
import { openDatabase } from "../../lib/db/connection";
import { applyMigrations } from "../../lib/db/migrate";
import { seedDemoUsers } from "../../lib/db/seed";
import { SERVERS, type ServerName } from "./servers";
import { releaseTestUsers, seedTestUsers } from "./users";

const name = process.argv[2] as ServerName;
const server = SERVERS[name];
if (!server) throw new Error(`unknown server "${name}"; use one of ${Object.keys(SERVERS).join(", ")}`);

// Hermetic: every variable the app reads (as listed in .env.example) is pinned to this server's value
// or to "", which Next treats as set, so a developer's own .env cannot leak into a test server.
const knownKeys = [...(await readFile(".env.example", "utf8")).matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
for (const key of knownKeys) env[key] = "";
Object.assign(env, server.env);

async function recreateDatabase(url: string) {
  const target = new URL(url);
  const database = target.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
}

/** A fresh database with the demo users and the test-user pool; the embedded one on its data folder. */
async function prepareDatabase() {
  if (env.DATABASE_URL) await recreateDatabase(env.DATABASE_URL);
  else await rm(env.EMBEDDED_DB_DIR!, { recursive: true, force: true });
  process.env.EMBEDDED_DB_DIR = env.EMBEDDED_DB_DIR;
  const db = await openDatabase(env.DATABASE_URL); // the embedded one migrates and seeds itself
  try {
    await applyMigrations(db.pool);
    await seedDemoUsers(db.prisma);
    await seedTestUsers(db.prisma);
  } finally {
    await db.close();
  }
  await releaseTestUsers(server.port);
}

await prepareDatabase();
if (env.REDIS_URL) {
  const redis = new Redis(env.REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
}

const child = spawn("node_modules/.bin/next", ["start", "-p", String(server.port), "-H", "127.0.0.1"], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
