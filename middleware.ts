import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { dropInheritedConsent, dropUnconsentedCookies } from "./lib/middleware/consent";
import { guardWrites } from "./lib/middleware/guard";
import { describeRequest } from "./lib/middleware/request";
import { forward, refused, signInRequired, withHeaders } from "./lib/middleware/respond";
import { readSession, renewOrRotate } from "./lib/middleware/session";
import { adoptForeign } from "./lib/middleware/adopt";
import { getSessionConfig } from "./lib/session/config";

/**
 * First line of session enforcement, on the Edge runtime before any page renders, in named steps
 * (lib/middleware/): drop unconsented cookies, guard writes, read the session (refusing idle or
 * absolutely expired seals), renew or rotate it, adopt another system's session where there is none
 * of ours (lib/adoption), and answer with security headers on every response.
 * The server re-validates every request against the store (lib/auth/session.ts); this layer only
 * turns away what is already dead and keeps the cookie current. It must stay free of node: imports so
 * the same file runs on the Node runtime: `export const config = { runtime: "nodejs", ... }`.
 */
export async function middleware(request: NextRequest, event: NextFetchEvent) {
  const config = getSessionConfig();
  const facts = describeRequest(request);
  const dropCookies = dropUnconsentedCookies(request);

  // The middleware's own calls to the Node side: they carry their own key, and checking their seal
  // here could make another call, and so on without end (one idle cookie became a request storm).
  if (facts.internal) return withHeaders(NextResponse.next(), facts, { authenticated: false, dropCookies });
  const guarded = await guardWrites(request);
  if (guarded) return refused(guarded, facts, dropCookies);

  const now = Date.now();
  const read = await readSession(request, facts, config, now, (task) => event.waitUntil(task));
  const state = await adoptForeign(request, facts, await renewOrRotate(request, facts, read, config, now), config);
  dropCookies.push(...(state.clearCookies ?? []));
  const authenticated = Boolean(state.session || state.foreign);
  if (!authenticated) dropCookies.push(...dropInheritedConsent(request).filter((c) => !dropCookies.includes(c)));

  if (!authenticated && facts.protected) return refused(signInRequired(request, facts, state), facts, dropCookies);
  return withHeaders(forward(request, facts, state), facts, { authenticated, dropCookies });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
