import { openDatabase } from "../db/connection";
import type { PrismaClient } from "../db/generated/client";
import { applyMigrations } from "../db/migrate";
import { readEnv, type AppEnv } from "../env";
import { errorFields, log } from "../log";
import { metrics } from "../metrics";
import { MigratingSessionStore } from "../session/stores/migrating";
import { migrationMonitor } from "../session/stores/migration-monitor";
import { PrismaSessionStore } from "../session/stores/prisma";

/**
 * The system of record the session layers sit on: the database of DATABASE_URL (or the embedded
 * one), or, while SESSION_STORE_MIGRATION is set, the store that moves sessions from it to
 * SESSION_STORE_MIGRATION_TARGET phase by phase (lib/session/stores/migrating.ts). The Redis and
 * memory layers stay above it, so every phase is served as fast as before.
 */
export async function sessionStoreOfRecord(prisma: PrismaClient, env: AppEnv = readEnv()) {
  const phase = env.SESSION_STORE_MIGRATION;
  if (!phase || !env.SESSION_STORE_MIGRATION_TARGET) return new PrismaSessionStore(prisma);
  const target = await openDatabase(env.SESSION_STORE_MIGRATION_TARGET);
  // the target takes writes from the first phase on, so its schema must be current before any
  // (the same advisory-locked, recorded migrations as npm run db:migrate; a second run does nothing)
  const applied = await applyMigrations(target.pool);
  if (applied.length) log.info({ applied }, "session store migration: target schema migrated");
  const m = metrics();
  log.info({ phase, percent: env.SESSION_STORE_MIGRATION_PERCENT }, "session store migration in progress");
  return new MigratingSessionStore({
    phase,
    percent: env.SESSION_STORE_MIGRATION_PERCENT,
    old: prisma,
    target: target.prisma,
    monitor: migrationMonitor(),
    onRead: (store) => m.migrationReads.inc({ store }),
    onMismatch: ({ operation, sessionId, fields }) => {
      m.migrationMismatches.inc({ operation });
      log.warn({ operation, sessionId, fields }, "session store migration: the stores differ");
    },
    onWriteFailed: (error, sessionIds) => {
      m.migrationWriteFailures.inc();
      log.error({ ...errorFields(error), sessionIds }, "session store migration: the target refused a write (the request failed)");
    },
    onError: (error) => log.warn(errorFields(error), "session store migration: a target read failed, the old store answered"),
  });
}

/** For /api/health: null without a migration, else its phase and share, and why it should be rolled back if a trigger fires. */
export function migrationHealth(env: AppEnv = readEnv()): { phase: string; percent: number; reason?: string } | null {
  const phase = env.SESSION_STORE_MIGRATION;
  if (!phase) return null;
  const reasons = migrationMonitor().reasons();
  return { phase, percent: env.SESSION_STORE_MIGRATION_PERCENT, ...(reasons.length ? { reason: reasons.join("; ") } : {}) };
}
