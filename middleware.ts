import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import {
  isSecureTransport,
  sealSessionCookie,
  sessionCookieAttributes,
  sessionCookieName,
  unsealSessionCookie,
  type SessionCookie,
} from "./lib/session/cookie";
import { getSessionConfig, loginPath, SESSION_ENDED_HEADER, STATUS_PATH, type LoginReason } from "./lib/session/config";
import { endExpiredThroughServer, EXPIRE_PATH, ROTATE_PATH, rotateThroughServer } from "./lib/session/server-calls";
import { expiryReason, isActivityStale, isRotationDue } from "./lib/session/timeouts";
import {
  contentSecurityPolicy,
  createNonce,
  HSTS,
  isCrossSiteWrite,
  STATIC_SECURITY_HEADERS,
} from "./lib/http/security-headers";
import { isWellFormedActionRequest } from "./lib/http/server-action-request";
import { CONSENT_COOKIE, unconsentedCookies } from "./lib/consent/state";

/**
 * First line of session enforcement, on the Edge runtime before any page renders: unseal the cookie,
 * refuse idle or absolutely expired sessions, keep the sealed last-seen time fresh, have the Node side
 * rotate the token every renewal interval, and put security headers on every response.
 * The server re-validates every request against the store (lib/auth/session.ts); this layer only
 * turns away what is already dead and keeps the cookie current. It must stay free of node: imports so
 * the same file runs on the Node runtime: `export const config = { runtime: "nodejs", ... }`.
 */
const PROTECTED_PAGES = ["/account", "/verify", "/admin"];
// the app API authenticates with bearer tokens of its own (lib/mobile), not the cookie
const PUBLIC_API = ["/api/health", STATUS_PATH, "/api/auth/logout", "/api/analytics/collect", "/api/mobile", "/api/metrics"];
// called by this middleware itself, with a key of their own
const INTERNAL_API = [ROTATE_PATH, EXPIRE_PATH];

const startsWithAny = (path: string, prefixes: string[]) =>
  prefixes.some((p) => path === p || path.startsWith(`${p}/`));

export async function middleware(request: NextRequest, event: NextFetchEvent) {
  const { policy, secrets } = getSessionConfig();
  const url = request.nextUrl;
  const path = url.pathname;
  const secure = isSecureTransport(url, request.headers, process.env);
  const nonce = createNonce();
  // one id per request, in every log line about it and on the response (support can ask for it)
  const requestId = crypto.randomUUID();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", secure });
  const isApi = path.startsWith("/api/");
  const isProtected = startsWithAny(path, PROTECTED_PAGES) || (isApi && !startsWithAny(path, [...PUBLIC_API, ...INTERNAL_API]));

  // optional cookies whose category has no consent (any more): deleted here, on every response, and
  // hidden from the app, whatever page set them or whichever tab withdrew the consent
  const unconsented = unconsentedCookies(
    request.cookies.getAll().map((c) => c.name),
    request.cookies.get(CONSENT_COOKIE)?.value,
    request.headers,
  );
  for (const cookie of unconsented) request.cookies.delete(cookie);

  const finish = (response: NextResponse, authenticated: boolean) => {
    for (const cookie of unconsented) response.cookies.delete({ name: cookie, path: "/" });
    response.headers.set("Content-Security-Policy", csp);
    response.headers.set("x-request-id", requestId);
    if (secure) response.headers.set("Strict-Transport-Security", HSTS);
    if (authenticated) response.headers.set("Cache-Control", "private, no-store");
    return response;
  };
  const refuse = (response: NextResponse) => {
    for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(k, v);
    return finish(response, false);
  };

  // The middleware's own calls to the Node side: they carry their own key, and checking their seal
  // here could make another call, and so on without end (one idle cookie became a request storm).
  if (INTERNAL_API.includes(path)) return finish(NextResponse.next(), false);

  if (isCrossSiteWrite(request.method, request.headers, url)) {
    return refuse(NextResponse.json({ error: "cross_site_request", message: "Cross-site requests are not accepted." }, { status: 403 }));
  }
  if (!(await isWellFormedActionRequest(request))) {
    return refuse(
      NextResponse.json({ error: "invalid_request", message: "The form could not be read. Reload the page and try again." }, { status: 400 }),
    );
  }

  const name = sessionCookieName(secure);
  const raw = request.cookies.get(name)?.value;
  // a value the cookie parser rejects (say `%ff`) is invisible to request.cookies but still sent on
  // every request: look at the raw header so it is cleared like any other unreadable cookie
  const present = Boolean(raw) || new RegExp(`(?:^|;)\\s*${name}=[^;]`).test(request.headers.get("cookie") ?? "");
  let session: SessionCookie | null = raw ? await unsealSessionCookie(raw, secrets, policy) : null;
  let reason: LoginReason | undefined;
  const now = Date.now();

  if (session) {
    const expired = expiryReason(session, policy, now);
    if (expired) {
      reason = expired;
      session = null;
      // the store ends it too (audit event, device list); the response does not wait for that
      event.waitUntil(endExpiredThroughServer(request));
    }
  }

  let newSeal: string | undefined;
  // the status endpoint is a read-only probe: rotating or re-sealing there would count polling as
  // activity and let an open tab keep an abandoned session alive forever
  if (session && path !== STATUS_PATH) {
    const rotation = isRotationDue(session.rotatedAt, policy, now) ? await rotateThroughServer(request) : null;
    if (rotation?.status === "rotated") newSeal = rotation.seal;
    else if (rotation?.status === "refused") {
      session = null;
      reason = rotation.reason;
    } else if (rotation?.status !== "superseded" && isActivityStale(session.lastSeenAt, policy, now)) {
      // rolling renewal: re-seal only when the recorded activity is staler than min(60 s, idle/10).
      // Not after "superseded": the winner's response carries the new token, and re-sealing this
      // request's old one could overwrite it in the browser.
      newSeal = await sealSessionCookie({ ...session, lastSeenAt: now }, secrets, policy);
    }
  }

  const cookieIsDead = present && !session;
  if (!session && isProtected) {
    const response = isApi
      ? NextResponse.json({ error: "unauthenticated", reason: reason ?? null, message: "Sign in to continue." }, { status: 401 })
      : NextResponse.redirect(new URL(loginPath(reason, path + url.search), url), 303);
    if (cookieIsDead) response.cookies.delete({ name, ...sessionCookieAttributes(secure) });
    return refuse(response);
  }

  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  headers.set("x-nonce", nonce);
  headers.set("x-request-id", requestId);
  // where a server-side refusal should send the user back to after signing in again
  headers.set("x-session-path", path + url.search);
  headers.delete(SESSION_ENDED_HEADER);
  if (cookieIsDead && reason) headers.set(SESSION_ENDED_HEADER, reason);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", url.protocol.replace(":", ""));
  if (newSeal) {
    request.cookies.set(name, newSeal);
  } else if (cookieIsDead) {
    request.cookies.delete(name);
  }
  headers.set("cookie", request.cookies.toString());
  const response = NextResponse.next({ request: { headers } });
  if (newSeal) response.cookies.set(name, newSeal, sessionCookieAttributes(secure));
  else if (cookieIsDead) response.cookies.delete({ name, ...sessionCookieAttributes(secure) });
  return finish(response, Boolean(session));
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
