import { headers } from "next/headers";
import { type NextRequest } from "next/server";
import { requestContext } from "@/lib/auth/request-context";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { getSessionService } from "@/lib/auth/services";
import { readSessionCookie, writeSessionCookie } from "@/lib/auth/session-cookie";
import { RENEW_FAILED } from "@/lib/auth/session";
import { seeOther } from "@/lib/http/redirect";
import { errorFields, requestLog } from "@/lib/server/request-log";

/**
 * Server-side rotation, for a session the middleware has not managed to rotate for more than its
 * renewal interval (requireUser sends the page here): rotate it if it is due, set the cookie, and
 * go back. Rotating one's own session changes nothing a link could abuse: no privilege, no sign-out.
 * Anything else (not due, replaced, refused) goes back as it is, where the page decides. A rotation
 * that fails (a database taking reads but not writes) goes back marked, so the page renders as it
 * is instead of sending the browser here again: never a 500, never a loop.
 */
export async function GET(request: NextRequest) {
  const next = safeNextPath(request.nextUrl.searchParams.get("next"));
  const cookie = await readSessionCookie();
  try {
    if (cookie) {
      const rotation = await (await getSessionService()).rotateSessionToken(cookie.token, { context: requestContext(await headers()) });
      if (rotation.status === "rotated") await writeSessionCookie(rotation.session, rotation.token);
    }
    return seeOther(next);
  } catch (error) {
    (await requestLog()).warn(errorFields(error), "server-side rotation failed");
    return seeOther(`${next}${next.includes("?") ? "&" : "?"}${RENEW_FAILED}`);
  }
}
