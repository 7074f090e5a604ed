import { z } from "zod";
import { oneOf, optional, withDefault, wholeNumber } from "../../variables.ts";

/**
 * The variables of a move of the session store to another database while sessions stay live (the
 * source's zero-downtime plan): part of the app's one environment schema (lib/env.ts), which also
 * runs `requireMigrationTarget` so a phase without a target stops start-up naming the variable.
 */
export const MIGRATION_PHASES = ["shadow", "dual", "switch", "done"] as const;
export type MigrationPhase = (typeof MIGRATION_PHASES)[number];

export const MIGRATION_VARIABLES = {
  /** unset: no migration; shadow | dual | switch | done, in that order (README "Moving the session store") */
  SESSION_STORE_MIGRATION: optional(oneOf(MIGRATION_PHASES)),
  /** the PostgreSQL database the sessions move to */
  SESSION_STORE_MIGRATION_TARGET: optional(
    z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL (the database the sessions move to)" }),
  ),
  /** in the switch phase, the share of sessions read from the target (by a stable hash) */
  SESSION_STORE_MIGRATION_PERCENT: withDefault(wholeNumber(0, 100), "0"),
};

type MigrationEnv = {
  SESSION_STORE_MIGRATION?: MigrationPhase | undefined;
  SESSION_STORE_MIGRATION_TARGET?: string | undefined;
  DATABASE_URL?: string | undefined;
};

/** The checks across variables, as a refinement of the whole schema (each field alone cannot see the others). */
export function requireMigrationTarget(env: MigrationEnv, ctx: z.RefinementCtx) {
  if (!env.SESSION_STORE_MIGRATION) return;
  if (!env.SESSION_STORE_MIGRATION_TARGET) {
    ctx.addIssue({
      code: "custom",
      path: ["SESSION_STORE_MIGRATION_TARGET"],
      message: `SESSION_STORE_MIGRATION_TARGET is required while SESSION_STORE_MIGRATION is set (${env.SESSION_STORE_MIGRATION}): the postgresql:// URL of the database the sessions move to`,
    });
  } else if (sameDatabase(env.SESSION_STORE_MIGRATION_TARGET, env.DATABASE_URL)) {
    ctx.addIssue({
      code: "custom",
      path: ["SESSION_STORE_MIGRATION_TARGET"],
      message: "SESSION_STORE_MIGRATION_TARGET is the database DATABASE_URL already names: a migration needs another database",
    });
  }
}

function sameDatabase(a: string, b: string | undefined) {
  if (!b) return false;
  const key = (url: string) => {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  };
  try {
    return key(a) === key(b);
  } catch {
    return false;
  }
}
