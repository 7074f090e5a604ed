import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDatabase } from "../db/connection";
import { isDatabaseUnavailable } from "../db/unavailable";
import { isLoginReason, SESSION_ENDED_HEADER, type LoginReason } from "../session/config";
import type { SessionCookie } from "../session/cookie";
import type { RefusalReason } from "../session/service";
import type { StoredSession } from "../session/types";
import { requestContext } from "./request-context";
import { observeValidation } from "../server/metrics";
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
}

export type SessionState = { current: CurrentSession; reason?: undefined } | { current: null; reason?: LoginReason };

export const toLoginReason = (r: RefusalReason): LoginReason =>
  r === "idle" || r === "absolute" ? r : r === "hijack" ? "suspicious" : "revoked";

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
    // the middleware may have just dropped an expired cookie: keep its reason
    const ended = requestHeaders.get(SESSION_ENDED_HEADER);
    return { current: null, reason: isLoginReason(ended) ? ended : undefined };
  }
  const service = await getSessionService();
  const result = await observeValidation("browser", () => service.validateSessionToken(cookie.token, { activity, context: requestContext(requestHeaders) }));
  if (!result.ok) return { current: null, reason: toLoginReason(result.reason) };
  const { prisma } = await getDatabase();
  const user = await prisma.user.findUnique({ where: { id: result.session.userId }, select: { id: true, email: true, role: true, disabledAt: true } });
  if (!user || user.disabledAt) return { current: null, reason: "revoked" };
  return { current: { user: { id: user.id, email: user.email, role: user.role }, session: result.session, cookie, stepUp: result.stepUp } };
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
  if (state.current?.stepUp) redirect(`/verify?${new URLSearchParams({ next: await currentPath() })}`);
  if (state.current) return state.current;
  const params = new URLSearchParams({ next: await currentPath(), ...(state.reason ? { reason: state.reason } : {}) });
  redirect(`/session/end?${params}`);
}

/** Whether the session is inside its elevation window (the password was re-entered recently). */
export const isElevated = (session: StoredSession, now = Date.now()) => session.elevatedUntil !== null && session.elevatedUntil > now;
