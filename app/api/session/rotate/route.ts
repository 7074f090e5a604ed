import { timingSafeEqual } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { toLoginReason } from "@/lib/auth/session";
import { getSessionService } from "@/lib/auth/services";
import { isSecureTransport, sealSessionCookie, sessionCookieName, unsealSessionCookie } from "@/lib/session/cookie";
import { getSessionConfig, internalRotateKey } from "@/lib/session/config";

/**
 * Internal: the Edge middleware calls this when a session's token is due for rotation, because only the
 * Node side can reach the store. It returns the new seal; the middleware sets the cookie. Answers only
 * callers holding the key derived from the sealing secret.
 */
export async function POST(request: NextRequest) {
  const given = Buffer.from(request.headers.get("x-session-rotate-key") ?? "");
  const expected = Buffer.from(await internalRotateKey());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return NextResponse.json({ error: "forbidden" }, { status: 403 });
  }
  const { secrets, policy } = getSessionConfig();
  const secure = isSecureTransport(request.nextUrl, request.headers, process.env);
  const raw = request.cookies.get(sessionCookieName(secure))?.value;
  const cookie = raw ? await unsealSessionCookie(raw, secrets, policy) : null;
  if (!cookie) return NextResponse.json({ status: "refused", reason: "revoked" });

  const result = await (await getSessionService()).rotateSessionToken(cookie.token);
  if (result.status === "refused") return NextResponse.json({ status: "refused", reason: toLoginReason(result.reason) });
  if (result.status !== "rotated") return NextResponse.json({ status: result.status });
  const { session } = result;
  const seal = await sealSessionCookie(
    { ...cookie, token: result.token, rotatedAt: session.rotatedAt, lastSeenAt: session.lastSeenAt, elevatedUntil: session.elevatedUntil },
    secrets,
    policy,
  );
  return NextResponse.json({ status: "rotated", seal }, { headers: { "Cache-Control": "no-store" } });
}
