import type { NextRequest } from "next/server";
import type { SessionConfig } from "../session/config";
import { sealSessionCookie, sessionCookieName, unsealSessionCookie, type SessionCookie } from "../session/cookie";
import type { LoginReason } from "../session/reasons";
import { endExpiredThroughServer, rotateThroughServer } from "../session/server-calls";
import { expiryReason, isActivityStale, isRotationDue } from "../session/timeouts";
import type { RequestFacts } from "./request";

/** The session cookie of a request, as the middleware sees it (edge-safe). */
export interface SessionState {
  cookieName: string;
  /** a session cookie was sent, readable or not */
  present: boolean;
  /** the unsealed session, null when there is none, it is dead, or the store refused it */
  session: SessionCookie | null;
  /** why a sent session is no longer one (idle, absolute, or what the store said) */
  reason?: LoginReason;
  /** a new seal to set: a rotated token, or the renewed activity time */
  newSeal?: string;
  /** a rotation was due but its call to the Node side was skipped (backing off) */
  rotationSkipped: boolean;
  /** signed in through another system's session, which the server reads itself (adopt.ts) */
  foreign?: boolean;
  /** cookies of another system to clear from the request and the browser (adopted, or not valid) */
  clearCookies?: string[];
}

/**
 * Unseals the cookie; a bad seal (tampered, truncated, oversized, foreign secret) is "no session".
 * An idle or absolutely expired seal is turned away here, and the store is told to end it too
 * (audit event, device list) without the response waiting for that.
 */
export async function readSession(
  request: NextRequest,
  facts: RequestFacts,
  config: SessionConfig,
  now: number,
  waitUntil: (task: Promise<unknown>) => void,
): Promise<SessionState> {
  const cookieName = sessionCookieName(facts.secure);
  const raw = request.cookies.get(cookieName)?.value;
  // a value the cookie parser rejects (say `%ff`) is invisible to request.cookies but still sent on
  // every request: look at the raw header so it is cleared like any other unreadable cookie
  const present = Boolean(raw) || new RegExp(`(?:^|;)\\s*${cookieName}=[^;]`).test(request.headers.get("cookie") ?? "");
  const session = raw ? await unsealSessionCookie(raw, config.secrets, config.policy) : null;
  const state: SessionState = { cookieName, present, session, rotationSkipped: false };
  const expired = session ? expiryReason(session, config.policy, now) : null;
  if (session && expired) {
    waitUntil(endExpiredThroughServer(request, session.token));
    return { ...state, session: null, reason: expired };
  }
  return state;
}

/**
 * Keeps a live session's cookie current: every renewal interval the Node side rotates the token
 * (which only it can do, the store being out of the Edge's reach); otherwise the sealed activity
 * time is re-sealed once it is older than min(60 s, idle/10) (rolling renewal). Not on the status
 * probe: polling is not activity, and must not keep an abandoned session alive.
 */
export async function renewOrRotate(
  request: NextRequest,
  facts: RequestFacts,
  state: SessionState,
  config: SessionConfig,
  now: number,
): Promise<SessionState> {
  const { session } = state;
  if (!session || facts.statusProbe) return state;
  const { policy, secrets } = config;
  const rotation = isRotationDue(session.rotatedAt, policy, now)
    ? await rotateThroughServer(request, session.token, policy.rotationGraceMs)
    : null;
  if (rotation?.status === "rotated") return { ...state, newSeal: rotation.seal };
  if (rotation?.status === "refused") return { ...state, session: null, reason: rotation.reason };
  const skipped = { ...state, rotationSkipped: rotation?.status === "skipped" };
  // not after "superseded": the winner's response carries the new token, and re-sealing this
  // request's old one could overwrite it in the browser
  if (rotation?.status === "superseded" || !isActivityStale(session.lastSeenAt, policy, now)) return skipped;
  return { ...skipped, newSeal: await sealSessionCookie({ ...session, lastSeenAt: now }, secrets, policy) };
}
