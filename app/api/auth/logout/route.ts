import { NextResponse } from "next/server";
import { getSessionService } from "@/lib/auth/services";
import { clearSessionCookie, readSessionCookie } from "@/lib/auth/session-cookie";

/**
 * POST only: ends the session in the store (so a copied cookie is dead everywhere), clears the cookie
 * and asks the browser to drop cached pages and storage, so the back button shows nothing private.
 */
export async function POST(request: Request) {
  const cookie = await readSessionCookie();
  if (cookie) await (await getSessionService()).endSessionByToken(cookie.token, "signed-out");
  await clearSessionCookie();
  const response = NextResponse.redirect(new URL("/login?reason=signed-out", request.url), 303);
  response.headers.set("Clear-Site-Data", '"cache", "storage"');
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export function GET() {
  return NextResponse.json({ error: "method_not_allowed", message: "Sign out with a POST request." }, { status: 405, headers: { Allow: "POST" } });
}
