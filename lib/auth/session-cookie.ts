import "server-only";
import { cookies, headers } from "next/headers";
import {
  isSecureTransport,
  sealSessionCookie,
  sessionCookieAttributes,
  sessionCookieName,
  unsealSessionCookie,
  type SessionCookie,
} from "../session/cookie";
import { getSessionConfig } from "../session/config";

/** The only Node-side code that reads or writes the session cookie (the middleware uses lib/session/cookie.ts). */
async function transport() {
  const h = await headers();
  const secure = isSecureTransport(new URL("http://server.invalid"), h, process.env);
  return { secure, name: sessionCookieName(secure) };
}

export async function readSessionCookie(): Promise<SessionCookie | null> {
  const { name } = await transport();
  const raw = (await cookies()).get(name)?.value;
  if (!raw) return null;
  const { secrets, policy } = getSessionConfig();
  return unsealSessionCookie(raw, secrets, policy);
}

export async function writeSessionCookie(data: SessionCookie): Promise<void> {
  const { secure, name } = await transport();
  const { secrets, policy } = getSessionConfig();
  (await cookies()).set(name, await sealSessionCookie(data, secrets, policy), sessionCookieAttributes(secure));
}

export async function clearSessionCookie(): Promise<void> {
  const { secure, name } = await transport();
  (await cookies()).delete({ name, ...sessionCookieAttributes(secure) });
}
