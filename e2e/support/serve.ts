// Prepares a fresh database (and Redis database) for one test server, then runs the app's front
// server on it. Usage: tsx e2e/support/serve.ts <main|embedded|short|elevation|strict|incident>
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { Redis } from "ioredis";
import { openDatabase } from "../../lib/db/connection";
import { isDemoMode } from "../../lib/db/demo";
import { seedDemoUsers } from "../../lib/auth/accounts";
import { freshDatabase } from "../../test/support/databases";
import { hermeticEnv } from "./hermetic-env";
import { SERVERS, type ServerName } from "./servers";
import { releaseTestUsers, seedTestUsers } from "./users";

const name = process.argv[2] as ServerName;
const server = SERVERS[name];
if (!server) throw new Error(`unknown server "${name}"; use one of ${Object.keys(SERVERS).join(", ")}`);

const env = await hermeticEnv(server.env);

/** A fresh database with the test-user pool (and the demo users in demo mode); the embedded one on its data folder. */
async function prepareDatabase() {
  if (env.DATABASE_URL) await freshDatabase(env.DATABASE_URL);
  else await rm(env.EMBEDDED_DB_DIR!, { recursive: true, force: true });
  process.env.EMBEDDED_DB_DIR = env.EMBEDDED_DB_DIR;
  const db = await openDatabase(env.DATABASE_URL); // the embedded one migrates itself
  try {
    if (isDemoMode(env)) await seedDemoUsers(db.prisma, env);
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

const child = spawn(process.execPath, ["dist/server.js", "--port", String(server.port), "--hostname", "127.0.0.1"], {
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
