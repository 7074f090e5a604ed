import { timingSafeEqual } from "node:crypto";
import { errorResponse } from "@/lib/http/json-body";
import { countActiveSessions, metrics } from "@/lib/metrics";
import { orUnavailable } from "@/lib/db/unavailable";
import { readEnv } from "@/lib/env";

/**
 * Prometheus scrape endpoint. Off (404) unless METRICS_TOKEN is set; then it needs
 * `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time.
 */
export const GET = orUnavailable(async (request: Request) => {
  const expected = readEnv().METRICS_TOKEN;
  if (!expected) return errorResponse(404, "not_found", "Metrics are off: set METRICS_TOKEN to turn them on.");
  const presented = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return errorResponse(401, "unauthorized", "Send Authorization: Bearer <METRICS_TOKEN>.", {
      "www-authenticate": 'Bearer realm="metrics"',
    });
  }
  const m = metrics();
  // the gauge keeps its last value when the database cannot say; its state shows in /api/health
  await countActiveSessions().catch(() => {});
  return new Response(await m.registry.metrics(), { headers: { "content-type": m.registry.contentType, "cache-control": "no-store" } });
});
