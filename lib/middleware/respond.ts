import { NextResponse, type NextRequest } from "next/server";
import { loginPath, SESSION_ENDED_HEADER } from "../session/config";
import { sessionCookieAttributes } from "../session/cookie";
import { ROTATION_SKIPPED_HEADER } from "../session/server-calls";
import { HSTS, STATIC_SECURITY_HEADERS } from "../http/security-headers";
import type { RequestFacts } from "./request";
import type { SessionState } from "./session";
import { needsSecure } from "../adoption/config";

/**
 * The middleware's answers (edge-safe): the headers every response carries, the refusal of a
 * protected request without a session, and the request forwarded to the app with what the app
 * needs to know (nonce, request id, the session's path, why a cookie died, a skipped rotation).
 */
export function withHeaders(
  response: NextResponse,
  facts: RequestFacts,
  { authenticated, dropCookies }: { authenticated: boolean; dropCookies: string[] },
) {
  for (const cookie of dropCookies) response.cookies.delete({ name: cookie, path: "/", secure: needsSecure(cookie) });
  response.headers.set("Content-Security-Policy", facts.csp);
  response.headers.set("x-request-id", facts.requestId);
  if (facts.secure) response.headers.set("Strict-Transport-Security", HSTS);
  if (authenticated) response.headers.set("Cache-Control", "private, no-store");
  return response;
}

/** A response the middleware makes itself (no page renders it): the static security headers too. */
export function refused(response: NextResponse, facts: RequestFacts, dropCookies: string[]) {
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(k, v);
  return withHeaders(response, facts, { authenticated: false, dropCookies });
}

const isDead = (state: SessionState) => state.present && !state.session;

/** A protected request without a live session: pages go to sign-in (with the reason), the API gets 401 JSON; a dead cookie is cleared. */
export function signInRequired(request: NextRequest, facts: RequestFacts, state: SessionState): NextResponse {
  const response = facts.api
    ? NextResponse.json({ error: "unauthenticated", reason: state.reason ?? null, message: "Sign in to continue." }, { status: 401 })
    : NextResponse.redirect(new URL(loginPath(state.reason, facts.next), request.nextUrl), 303);
  if (isDead(state)) response.cookies.delete({ name: state.cookieName, ...sessionCookieAttributes(facts.secure) });
  return response;
}

/** The request on to the app, with the renewed cookie set on it and on the response (or a dead one cleared from both). */
export function forward(request: NextRequest, facts: RequestFacts, state: SessionState): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", facts.csp);
  headers.set("x-nonce", facts.nonce);
  headers.set("x-request-id", facts.requestId);
  // where a server-side refusal should send the user back to after signing in again
  headers.set("x-session-path", facts.next);
  // said by this middleware only: a client's own copies are dropped
  headers.delete(SESSION_ENDED_HEADER);
  headers.delete(ROTATION_SKIPPED_HEADER);
  if (state.rotationSkipped) headers.set(ROTATION_SKIPPED_HEADER, "1");
  if (isDead(state) && state.reason) headers.set(SESSION_ENDED_HEADER, state.reason);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", request.nextUrl.protocol.replace(":", ""));
  for (const name of state.clearCookies ?? []) request.cookies.delete(name);
  if (state.newSeal) request.cookies.set(state.cookieName, state.newSeal);
  else if (isDead(state)) request.cookies.delete(state.cookieName);
  headers.set("cookie", request.cookies.toString());
  const response = NextResponse.next({ request: { headers } });
  if (state.newSeal) response.cookies.set(state.cookieName, state.newSeal, sessionCookieAttributes(facts.secure));
  else if (isDead(state)) response.cookies.delete({ name: state.cookieName, ...sessionCookieAttributes(facts.secure) });
  return response;
}
