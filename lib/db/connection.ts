import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { errorFields, log } from "../log";
import { PrismaClient } from "./generated/client";
import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate";
import { dbEnv } from "./variables";

/**
 * The database: DATABASE_URL when set (PostgreSQL, migrated with `npm run db:migrate`), otherwise the
 * embedded PGlite default, migrated on first use (in demo mode, start-up adds the demo accounts). One instance per process: Next bundles
 * server code into several chunks, so the singleton lives on globalThis.
 */
export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  embedded: boolean;
  close(): Promise<void>;
}

const KEY = Symbol.for("next-session-secure.database");
type Holder = { [KEY]?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  holder[KEY] ??= openDatabase(dbEnv().DATABASE_URL).catch((error) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

export async function openDatabase(configuredUrl: string | undefined): Promise<Database> {
  // an empty DATABASE_URL= (as in .env.example) means "not configured", like an absent one
  const url = configuredUrl?.trim() || undefined;
  const embedded = url ? null : await startEmbeddedPostgres();
  const pool = new pg.Pool({
    ...(url ? { connectionString: url } : embedded!.connection),
    // PGlite runs one query at a time however many connections there are
    max: embedded ? 4 : dbEnv().DATABASE_POOL_SIZE,
    connectionTimeoutMillis: 5_000,
  });
  pool.on("error", (error) => log.error(errorFields(error), "database idle client error"));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  if (embedded) {
    await applyMigrations(pool);
  }
  return {
    prisma,
    pool,
    embedded: Boolean(embedded),
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await embedded?.stop();
    },
  };
}

export async function databaseHealthy(): Promise<boolean> {
  try {
    const { pool } = await getDatabase();
    await pool.query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
