import { NextResponse } from "next/server";
import { migrationHealth } from "@/lib/auth/store-migration";
import { databaseHealthy } from "@/lib/db/connection";
import { redisHealth } from "@/lib/db/redis";

/**
 * Liveness and dependencies: "degraded" while Redis is down (sessions are then served from
 * PostgreSQL), and while a move of the session store fires one of its rollback triggers (store
 * errors over 1%, validation p99 over 50 ms, any mismatch), named in `migration.reason`. Degraded is
 * still 200: the app serves; only an unreachable database is 503.
 */
export async function GET() {
  const [db, redis] = await Promise.all([databaseHealthy(), redisHealth()]);
  const migration = migrationHealth();
  const status = db && redis !== "down" && !migration?.reason ? "ok" : "degraded";
  return NextResponse.json(
    { status, db: db ? "ok" : "down", redis, ...(migration ? { migration } : {}) },
    { status: db ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
