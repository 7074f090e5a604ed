import { NextResponse } from "next/server";
import { refuseUnlessInternal } from "@/lib/auth/internal-call";
import { requestContext } from "@/lib/auth/request-context";
import { toLoginReason } from "@/lib/auth/session";
import { getSessionService } from "@/lib/auth/services";
import { readSessionCookie, sealSessionCookieFor } from "@/lib/auth/session-cookie";
import { orUnavailable } from "@/lib/db/unavailable";

/**
 * Internal: the Edge middleware calls this when a session's token is due for rotation, because only
 * the Node side can reach the store. It answers with the new seal; the middleware sets the cookie.
 */
export const POST = orUnavailable(async (request: Request) => {
  const refused = await refuseUnlessInternal(request);
  if (refused) return refused;
  const headers = { "Cache-Control": "no-store" };
  const cookie = await readSessionCookie();
  if (!cookie) return NextResponse.json({ status: "refused", reason: "revoked" }, { headers });

  // the middleware forwards the browser's User-Agent and X-Forwarded-For, so binding applies here too
  const result = await (await getSessionService()).rotateSessionToken(cookie.token, { context: requestContext(request.headers) });
  if (result.status === "refused") return NextResponse.json({ status: "refused", reason: toLoginReason(result.reason) }, { headers });
  if (result.status !== "rotated") return NextResponse.json({ status: result.status }, { headers });
  const { session } = result;
  const seal = await sealSessionCookieFor(session, result.token);
  return NextResponse.json({ status: "rotated", seal }, { headers });
});
