import { NextResponse } from "next/server";
import { seeOther } from "@/lib/http/redirect";
import { getSessionService } from "@/lib/auth/services";
import { signOutForeignSession } from "@/lib/auth/adoption";
import { clearSessionCookie, readSessionCookie } from "@/lib/auth/session-cookie";
import { forgetInheritedConsent } from "@/lib/consent/next";
import { loginPath } from "@/lib/session/config";
import { orUnavailable } from "@/lib/db/unavailable";
import { messagesFor, negotiateLang } from "@/lib/i18n";

/**
 * POST only: ends the session in the store (so a copied cookie is dead everywhere), clears the cookie
 * and asks the browser to drop cached pages and storage, so the back button shows nothing private.
 */
export const POST = orUnavailable(async () => {
  const cookie = await readSessionCookie();
  if (cookie) await (await getSessionService()).endSessionByToken(cookie.token, "signed-out");
  await clearSessionCookie();
  // and a foreign session (lib/adoption) still in this browser: ended where it lives, its cookies cleared
  await signOutForeignSession();
  await forgetInheritedConsent();
  const response = seeOther(loginPath("signed-out"));
  response.headers.set("Clear-Site-Data", '"cache", "storage"');
  response.headers.set("Cache-Control", "no-store");
  return response;
});

/** The message in the request's Accept-Language, like the app API's (a JSON answer, not a page). */
export function GET(request: Request) {
  const t = messagesFor(negotiateLang(request.headers.get("accept-language")));
  return NextResponse.json({ error: "method_not_allowed", message: t.api.signOutWithPost }, { status: 405, headers: { Allow: "POST" } });
}
