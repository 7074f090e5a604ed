import { type NextRequest } from "next/server";
import { seeOther } from "@/lib/http/redirect";
import { getSessionState } from "@/lib/auth/session";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { loginPath } from "@/lib/session/config";
import { isLoginReason } from "@/lib/session/reasons";

/**
 * Where a page sends a request whose session the server refused (server components cannot change
 * cookies): clear the dead cookie and go to sign-in with the reason. A still-valid session is left
 * alone, so a link to this URL cannot sign anyone out.
 */
export async function GET(request: NextRequest) {
  const next = safeNextPath(request.nextUrl.searchParams.get("next"));
  const state = await getSessionState();
  if (state.current) return seeOther(next);
  await clearSessionCookie();
  const asked = request.nextUrl.searchParams.get("reason");
  const reason = state.reason ?? (isLoginReason(asked) ? asked : undefined);
  return seeOther(loginPath(reason, next));
}
