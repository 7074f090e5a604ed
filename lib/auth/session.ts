import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDatabase } from "../db/connection";
import { isDatabaseUnavailable } from "../db/unavailable";
import { getSessionConfig, loginPath, SESSION_ENDED_HEADER } from "../session/config";
import { isLoginReason, loginReasonFor, type LoginReason } from "../session/reasons";
import { ROTATION_SKIPPED_HEADER } from "../session/server-calls";
import type { SessionCookie } from "../session/cookie";
import type { StoredSession } from "../session/types";
import { newSession } from "../session/create";
import { requestContext } from "./request-context";
import { adopting, readRequestSession } from "./adoption";
import type { AdoptionResult } from "../adoption/adopt";
import type { AdoptionSource } from "../adoption/config";
import { metrics, observeValidation } from "../metrics";
import { getSessionService } from "./services";
import { readSessionCookie } from "./session-cookie";

export interface SessionUser {
  id: string;
  email: string;
  role: "user" | "admin";
}

export interface CurrentSession {
  user: SessionUser;
  session: StoredSession;
  cookie: SessionCookie;
  /** the request comes from another browser or network than the session: the password is needed first */
  stepUp: boolean;
  /**
   * Served from another system's session, read-only: a user outside MIGRATE_FROM_PERCENT (lib/adoption).
   * `session` then describes that foreign session (id "foreign"); there is no session of ours to change.
   */
  foreign?: AdoptionSource;
}

export type SessionState = { current: CurrentSession; reason?: undefined } | { current: null; reason?: LoginReason };

/**
 * Validates the cookie's token against the store on every request (cached for the request): a revoked,
 * rotated-out or expired session is refused here even while its sealed cookie still looks valid, and
 * the request's browser and network are checked against the session's (binding).
 */
async function validate(activity: boolean): Promise<SessionState> {
  try {
    return await validateWithStore(activity);
  } catch (error) {
    // the session may well be fine: say the service is unavailable, never "signed out". Pages go to
    // the 503 page; route handlers rethrow, and answer 503 JSON (orUnavailable)
    const path = await currentPath();
    if (isDatabaseUnavailable(error) && !path.startsWith("/api/")) redirect(`/unavailable?${new URLSearchParams({ next: path })}`);
    throw error;
  }
}

async function validateWithStore(activity: boolean): Promise<SessionState> {
  const cookie = await readSessionCookie();
  const requestHeaders = await headers();
  if (!cookie) {
    const foreign = adopting() ? await readRequestSession(requestContext(requestHeaders)) : null;
    if (foreign?.status === "foreign") return { current: foreignSession(foreign) };
    // the middleware may have just dropped an expired cookie: keep its reason
    const ended = requestHeaders.get(SESSION_ENDED_HEADER);
    return { current: null, reason: isLoginReason(ended) ? ended : undefined };
  }
  if (requestHeaders.has(ROTATION_SKIPPED_HEADER)) metrics().rotationsSkipped.inc();
  const service = await getSessionService();
  const result = await observeValidation("browser", () =>
    service.validateSessionToken(cookie.token, { activity, context: requestContext(requestHeaders) }),
  );
  if (!result.ok) return { current: null, reason: loginReasonFor(result.reason) };
  const { prisma } = await getDatabase();
  const user = await prisma.user.findUnique({
    where: { id: result.session.userId },
    select: { id: true, email: true, role: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return { current: null, reason: "revoked" };
  return { current: { user: { id: user.id, email: user.email, role: user.role }, session: result.session, cookie, stepUp: result.stepUp } };
}

/** A foreign session served read-only, in the shape pages expect: live from now, never elevated, never due for rotation. */
function foreignSession({ user, source, createdAt }: Extract<AdoptionResult, { status: "foreign" }>): CurrentSession {
  const now = Date.now();
  const session: StoredSession = { ...newSession(user.id, "", { userAgent: "", ipPrefix: "" }, "browser", now), id: "foreign", createdAt };
  const cookie: SessionCookie = { token: "", userId: user.id, createdAt, lastSeenAt: now, rotatedAt: now, elevatedUntil: null };
  return { user, session, cookie, stepUp: false, foreign: source };
}

/** The session of this request; counts as activity. */
export const getSessionState = cache(() => validate(true));

/** For status polling: reads the session without counting as activity. */
export const peekSessionState = cache(() => validate(false));

export async function getSession(): Promise<CurrentSession | null> {
  return (await getSessionState()).current;
}

async function currentPath() {
  return (await headers()).get("x-session-path") ?? "/account";
}

/**
 * For protected pages and actions: the session, or a redirect: to sign-in (clearing a dead cookie) when
 * there is none, to the password check when the request comes from another browser (step-up).
 */
export async function requireUser(): Promise<CurrentSession> {
  const state = await getSessionState();
  // a foreign session can be looked at, not changed: an action asks for a sign-in of this app
  if (state.current?.foreign && (await headers()).has("next-action")) redirect(loginPath(undefined, await currentPath()));
  if (state.current?.stepUp) redirect(`/verify?${new URLSearchParams({ next: await currentPath() })}`);
  if (state.current) {
    if (await isRotationOverdue(state.current.session)) redirect(`${RENEW_PATH}?${new URLSearchParams({ next: await currentPath() })}`);
    return state.current;
  }
  const params = new URLSearchParams({ next: await currentPath(), ...(state.reason ? { reason: state.reason } : {}) });
  redirect(`/session/end?${params}`);
}

/** Where a page sends a session the middleware has not managed to rotate (app/session/renew). */
export const RENEW_PATH = "/session/renew";
/** The query marker RENEW_PATH sends a page back with when it could not rotate: render as it is. */
export const RENEW_FAILED = "session-renew=failed";

/**
 * The middleware rotates tokens; when its calls to the Node side keep failing for a session (it
 * backs off), a page renders with the same token on and on. Once a session is overdue by more than
 * its renewal interval, the page sends the browser through RENEW_PATH, where the server rotates
 * it and sets the cookie (which a page cannot). Not inside server actions: they must run as asked.
 */
async function isRotationOverdue(session: StoredSession, now = Date.now()): Promise<boolean> {
  const { policy } = getSessionConfig();
  if (now - session.rotatedAt <= 2 * policy.renewalIntervalMs) return false;
  const requestHeaders = await headers();
  if (requestHeaders.has("next-action")) return false;
  return !new RegExp(`[?&]${RENEW_FAILED}(&|$)`).test(requestHeaders.get("x-session-path") ?? "");
}

/** Whether the session is inside its elevation window (the password was re-entered recently). */
export const isElevated = (session: StoredSession, now = Date.now()) => session.elevatedUntil !== null && session.elevatedUntil > now;
