import { NextResponse, type NextRequest } from "next/server";
import { isCrossSiteWrite } from "../http/security-headers";
import { isWellFormedActionRequest } from "../http/server-action-request";
import { messagesFor, negotiateLang } from "../i18n";

/**
 * Writes that go no further (edge-safe): a cross-site POST (CSRF, defence in depth with
 * SameSite=Lax) and a server-action body Next would fail to decode (a 400, never a 500). Null
 * when the request may go on.
 */
export async function guardWrites(request: NextRequest): Promise<NextResponse | null> {
  // no consent or tab state is read this early: the message follows the browser's Accept-Language
  const t = () => messagesFor(negotiateLang(request.headers.get("accept-language"))).shared;
  if (isCrossSiteWrite(request.method, request.headers, request.nextUrl)) {
    return NextResponse.json({ error: "cross_site_request", message: t().crossSite }, { status: 403 });
  }
  if (!(await isWellFormedActionRequest(request))) {
    return NextResponse.json({ error: "invalid_request", message: t().formUnreadable }, { status: 400 });
  }
  return null;
}
