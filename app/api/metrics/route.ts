import { timingSafeEqual } from "node:crypto";
import { getDatabase } from "@/lib/db/connection";
import { errorResponse } from "@/lib/http/json-body";
import { metrics } from "@/lib/server/metrics";
import { orUnavailable } from "@/lib/db/unavailable";

/**
 * Prometheus scrape endpoint. Off (404) unless METRICS_TOKEN is set; then it needs
 * `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time.
 */
export const GET = orUnavailable(async (request: Request) => {
  const expected = process.env.METRICS_TOKEN?.trim();
  if (!expected) return errorResponse(404, "not_found", "Metrics are off: set METRICS_TOKEN to turn them on.");
  const presented = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return errorResponse(401, "unauthorized", "Send Authorization: Bearer <METRICS_TOKEN>.", { "www-authenticate": 'Bearer realm="metrics"' });
  }
  const m = metrics();
  try {
    const { prisma } = await getDatabase();
    const live = await prisma.session.groupBy({ by: ["kind"], where: { revokedAt: null }, _count: { _all: true } });
    m.activeSessions.reset();
    for (const kind of ["browser", "mobile"] as const) m.activeSessions.set({ kind }, live.find((r) => r.kind === kind)?._count._all ?? 0);
  } catch {
    // the gauge keeps its last value; the database's state shows in /api/health
  }
  return new Response(await m.registry.metrics(), { headers: { "content-type": m.registry.contentType, "cache-control": "no-store" } });
});
