import { NextResponse } from "next/server";
import { adoptRequestSession } from "@/lib/auth/adoption";
import { internalCaller } from "@/lib/auth/internal-call";
import { sealSessionCookieFor } from "@/lib/auth/session-cookie";
import { orUnavailable } from "@/lib/db/unavailable";
import { metrics } from "@/lib/metrics";

/**
 * Internal: the Edge middleware calls this for a request that carries another system's session and
 * none of ours (lib/adoption). It answers with the seal of the adopted session and the foreign
 * cookies to clear, "foreign" for a user served read-only from the foreign session, or "none".
 */
export const POST = orUnavailable(async (request: Request) => {
  const caller = await internalCaller(request);
  if ("refused" in caller) return caller.refused;
  const headers = { "Cache-Control": "no-store" };
  const result = await adoptRequestSession(caller.context);
  metrics().adoptions.inc({
    source: result.source ?? "unknown",
    outcome: result.status === "none" ? result.why : result.status === "foreign" ? "read-only" : "adopted",
  });
  if (result.status !== "adopted") return NextResponse.json({ status: result.status, clear: result.clear }, { headers });
  const seal = await sealSessionCookieFor(result.session, result.token);
  return NextResponse.json({ status: "adopted", seal, clear: result.clear }, { headers });
});
