import { randomUUID } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../db/connection";
import type { PrismaClient } from "../../db/generated/client";
import { applyMigrations } from "../../db/migrate";
import { hashSessionToken } from "../token";
import type { StoredSession } from "../types";

/** Test-only helpers shared by the store contract runs and the Redis-specific tests. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/session_contract";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379/4";

/** The real PostgreSQL test database, created on first use and migrated like production. */
export async function openTestDatabase(url = TEST_DATABASE_URL): Promise<Database> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    // another run created it between the check and the CREATE
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
  const db = await openDatabase(url);
  await applyMigrations(db.pool);
  return db;
}

/** The embedded default (PGlite), in memory so each run starts clean; it migrates and seeds itself. */
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
    const user = await prisma.user.create({ data: { email: `contract-${randomUUID()}@test.invalid`, passwordHash: "not-a-password-hash" } });
    ids.push(user.id);
  }
  return ids;
}

/** Deleting the users cascades to their sessions and audit events. */
export async function deleteUsers(prisma: PrismaClient, ids: string[]) {
  await prisma.user.deleteMany({ where: { id: { in: ids } } });
}

/** A live browser session record for `token`, of a random user, created at `at`. */
export function storedSession(token: string, at = Date.now()): StoredSession {
  return {
    id: randomUUID(),
    userId: randomUUID(),
    kind: "browser",
    tokenHash: hashSessionToken(token),
    previousTokenHash: null,
    previousTokenGraceUntil: null,
    userAgent: "test",
    ipPrefix: "192.0.2.0/24",
    deviceLabel: "",
    createdAt: at,
    lastSeenAt: at,
    rotatedAt: at,
    elevatedUntil: null,
    revokedAt: null,
    revokedReason: null,
    lastMismatch: null,
  };
}

/** Polls `condition` until it holds; throws after `timeoutMs`. Returns how long it took. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}
