import { NextResponse } from "next/server";
import { internalCaller } from "@/lib/auth/internal-call";
import { getSessionService } from "@/lib/auth/services";
import { readSessionCookie, sealSessionCookieFor } from "@/lib/auth/session-cookie";
import { orUnavailable } from "@/lib/db/unavailable";
import { loginReasonFor } from "@/lib/session/reasons";

/**
 * Internal: the Edge middleware calls this when a session's token is due for rotation, because only
 * the Node side can reach the store. It answers with the new seal; the middleware sets the cookie.
 */
export const POST = orUnavailable(async (request: Request) => {
  const caller = await internalCaller(request);
  if ("refused" in caller) return caller.refused;
  const headers = { "Cache-Control": "no-store" };
  const cookie = await readSessionCookie();
  if (!cookie) return NextResponse.json({ status: "refused", reason: "revoked" }, { headers });

  // binding is checked against the browser's request, which the middleware describes
  const result = await (await getSessionService()).rotateSessionToken(cookie.token, { context: caller.context });
  if (result.status === "refused") return NextResponse.json({ status: "refused", reason: loginReasonFor(result.reason) }, { headers });
  if (result.status !== "rotated") return NextResponse.json({ status: result.status }, { headers });
  const { session } = result;
  const seal = await sealSessionCookieFor(session, result.token);
  return NextResponse.json({ status: "rotated", seal }, { headers });
});
