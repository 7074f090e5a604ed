import { randomUUID } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../lib/db/connection";
import type { PrismaClient } from "../../lib/db/generated/client";
import { applyMigrations } from "../../lib/db/migrate";
import { seedDemoUsers } from "../../lib/auth/accounts";

/**
 * Test support: the databases tests run on. Unit tests share one PostgreSQL database and one Redis
 * database; the Playwright servers, instances and the bench each get a fresh database of their own.
 * Override the servers with TEST_DATABASE_URL (any database on the server) and TEST_REDIS_URL.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/session_contract";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379/4";

/** A database URL on the test server, by name. */
export const testDatabaseUrl = (name: string) => Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${name}` }).toString();

async function asAdmin<T>(url: string, work: (client: pg.Client, name: string) => Promise<T>): Promise<T> {
  const target = new URL(url);
  const client = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString() });
  await client.connect();
  try {
    return await work(client, decodeURIComponent(target.pathname.slice(1)).replaceAll('"', '""'));
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database at `url` (dropped first if it exists), with the demo users when asked. Returns the URL. */
export async function freshDatabase(url: string, { demo = false } = {}): Promise<string> {
  await asAdmin(url, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const db = await openDatabase(url);
  try {
    await applyMigrations(db.pool);
    if (demo) await seedDemoUsers(db.prisma, { DEMO_MODE: "1" });
  } finally {
    await db.close();
  }
  return url;
}

/** The shared PostgreSQL test database, created on first use and migrated like production. */
export async function openTestDatabase(url = TEST_DATABASE_URL): Promise<Database> {
  await asAdmin(url, async (client, name) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // another run created it between the check and the CREATE
      if ((error as { code?: string }).code !== "42P04") throw error;
    }
  });
  const db = await openDatabase(url);
  await applyMigrations(db.pool);
  return db;
}

/** The embedded default (PGlite), in memory so each run starts clean; it migrates itself. */
export async function openEmbeddedDatabase(): Promise<Database> {
  const before = process.env.EMBEDDED_DB_DIR;
  process.env.EMBEDDED_DB_DIR = "memory://";
  try {
    return await openDatabase(undefined);
  } finally {
    if (before === undefined) delete process.env.EMBEDDED_DB_DIR;
    else process.env.EMBEDDED_DB_DIR = before;
  }
}

/** Real users rows (sessions reference them), with emails unique to this run. */
export async function createUsers(prisma: PrismaClient, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await prisma.user.create({
      data: { email: `contract-${randomUUID()}@test.invalid`, passwordHash: "not-a-password-hash" },
    });
    ids.push(user.id);
  }
  return ids;
}

/** Deleting the users cascades to their sessions and audit events. */
export async function deleteUsers(prisma: PrismaClient, ids: string[]) {
  await prisma.user.deleteMany({ where: { id: { in: ids } } });
}
