import { NextResponse, type NextRequest } from "next/server";
import { getSessionState } from "@/lib/auth/session";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { loginUrl, type LoginReason } from "@/lib/session/config";

const REASONS = new Set<LoginReason>(["idle", "absolute", "revoked", "signed-out"]);

/**
 * Where a page sends a request whose session the server refused (server components cannot change
 * cookies): clear the dead cookie and go to sign-in with the reason. A still-valid session is left
 * alone, so a link to this URL cannot sign anyone out.
 */
export async function GET(request: NextRequest) {
  const next = safeNextPath(request.nextUrl.searchParams.get("next"));
  const state = await getSessionState();
  if (state.current) return NextResponse.redirect(new URL(next, request.url), 303);
  await clearSessionCookie();
  const asked = request.nextUrl.searchParams.get("reason") as LoginReason | null;
  const reason = state.reason ?? (asked && REASONS.has(asked) ? asked : undefined);
  return NextResponse.redirect(loginUrl(request.url, reason, next), 303);
}
