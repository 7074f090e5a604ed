import { NextResponse } from "next/server";
import { databaseHealthy } from "@/lib/db/connection";
import { redisHealth } from "@/lib/db/redis";

/** Liveness and dependencies: "degraded" while Redis is down (sessions are then served from PostgreSQL). */
export async function GET() {
  const [db, redis] = await Promise.all([databaseHealthy(), redisHealth()]);
  const status = db && redis !== "down" ? "ok" : "degraded";
  return NextResponse.json(
    { status, db: db ? "ok" : "down", redis },
    { status: db ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
