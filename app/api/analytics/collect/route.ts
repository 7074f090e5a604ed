import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { recordPageView } from "@/lib/consent/page-views";
import { errorFields, requestLog } from "@/lib/server/request-log";
import { errorResponse, readJsonBody } from "@/lib/http/json-body";
import { cookieDefinition } from "@/lib/consent/registry";
import { allowedFor } from "@/lib/consent/tags";
import { isSecureTransport } from "@/lib/session/transport";
import { orUnavailable } from "@/lib/db/unavailable";

const pageView = z.object({
  path: z.string().startsWith("/").max(512),
  referrer: z.string().max(2048).nullish(),
});

const visitorCookie = cookieDefinition("sl_analytics");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Page-view collection, accepted only with analytics consent (and never under Global Privacy Control):
 * without it nothing is stored and any visitor cookie left over is deleted. Stores the path, the host
 * of an external referrer and a random visitor id: no address, no user, no user agent.
 */
export const POST = orUnavailable(async (request: NextRequest) => {
  const existing = request.cookies.get(visitorCookie.name)?.value;
  if (!allowedFor(request).analytics) {
    const refused = NextResponse.json(
      { error: "consent_required", message: "Page views are collected only with analytics consent." },
      { status: 403 },
    );
    if (existing) refused.cookies.delete({ name: visitorCookie.name, path: "/" });
    return refused;
  }
  const body = await readJsonBody(request, pageView, 4096);
  if (!body.ok) return body.response;

  const visitorId = existing && UUID.test(existing) ? existing : crypto.randomUUID();
  try {
    await recordPageView({ visitorId, path: body.data.path, referrerHost: externalHost(body.data.referrer, request.nextUrl.host) });
  } catch (error) {
    (await requestLog()).error(errorFields(error), "page view not stored");
    return errorResponse(503, "unavailable", "Statistics are unavailable just now.");
  }

  const response = new NextResponse(null, { status: 204 });
  if (visitorId !== existing) {
    response.cookies.set(visitorCookie.name, visitorId, {
      path: "/",
      maxAge: visitorCookie.maxAgeSeconds!,
      httpOnly: true,
      sameSite: "lax",
      secure: isSecureTransport(request.nextUrl, request.headers),
    });
  }
  return response;
});

function externalHost(referrer: string | null | undefined, ownHost: string): string | null {
  if (!referrer) return null;
  try {
    const host = new URL(referrer).host;
    return host && host !== ownHost ? host.slice(0, 253) : null;
  } catch {
    return null;
  }
}
