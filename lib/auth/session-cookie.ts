import "server-only";
import { cookies, headers } from "next/headers";
import { sealSessionCookie, sessionCookieAttributes, sessionCookieName, unsealSessionCookie, type SessionCookie } from "../session/cookie";
import { getSessionConfig } from "../session/config";
import type { StoredSession } from "../session/types";
import { isSecureTransport } from "../session/transport";

/** The only Node-side code that reads or writes the session cookie (the middleware uses lib/session/cookie.ts). */
async function transport() {
  const h = await headers();
  const secure = isSecureTransport(new URL("http://server.invalid"), h);
  return { secure, name: sessionCookieName(secure) };
}

export async function readSessionCookie(): Promise<SessionCookie | null> {
  const { name } = await transport();
  const raw = (await cookies()).get(name)?.value;
  if (!raw) return null;
  const { secrets, policy } = getSessionConfig();
  return unsealSessionCookie(raw, secrets, policy);
}

/** The cookie's contents for a session as the store has it, with its (new) token. */
const cookieFor = (s: StoredSession, token: string): SessionCookie => ({
  token,
  userId: s.userId,
  createdAt: s.createdAt,
  lastSeenAt: s.lastSeenAt,
  rotatedAt: s.rotatedAt,
  elevatedUntil: s.elevatedUntil,
});

/** A seal for the middleware to set (rotation), where this code cannot set the cookie itself. */
export function sealSessionCookieFor(session: StoredSession, token: string): Promise<string> {
  const { secrets, policy } = getSessionConfig();
  return sealSessionCookie(cookieFor(session, token), secrets, policy);
}

/** Sets the cookie after sign-in or a privilege change (a new token). */
export async function writeSessionCookie(session: StoredSession, token: string): Promise<void> {
  const { secure, name } = await transport();
  (await cookies()).set(name, await sealSessionCookieFor(session, token), sessionCookieAttributes(secure));
}

export async function clearSessionCookie(): Promise<void> {
  const { secure, name } = await transport();
  (await cookies()).delete({ name, ...sessionCookieAttributes(secure) });
}
