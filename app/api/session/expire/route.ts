import { NextResponse } from "next/server";
import { internalCaller } from "@/lib/auth/internal-call";
import { getSessionService } from "@/lib/auth/services";
import { readSessionCookie } from "@/lib/auth/session-cookie";
import { orUnavailable } from "@/lib/db/unavailable";

/**
 * Internal: the Edge middleware found this request's seal idle or past its absolute limit and turned
 * it away. Validating the token here ends the session in the store by the store's own clock, with
 * its audit event, so it also leaves the device list.
 */
export const POST = orUnavailable(async (request: Request) => {
  const caller = await internalCaller(request);
  if ("refused" in caller) return caller.refused;
  const cookie = await readSessionCookie();
  if (cookie) await (await getSessionService()).validateSessionToken(cookie.token, { activity: false });
  return new NextResponse(null, { status: 204 });
});
