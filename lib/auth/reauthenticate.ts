import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { loginPath } from "../session/config";
import type { RequestContext } from "../session/types";
import { checkCredentials } from "./credentials";
import { clientIp, requestContext } from "./request-context";
import { getSessionService } from "./services";
import type { CurrentSession } from "./session";
import { clearSessionCookie } from "./session-cookie";

/**
 * The password re-entered inside a live session: elevation, password change, step-up. Counted per
 * session (throttle.ts), never against the account's sign-in. Once the session's re-entries are used
 * up, the session ends: whoever holds it may be guessing with a stolen cookie, and ending it gives
 * them nothing they could not do (the cookie can sign the session out); the owner signs in again.
 */
export type Reauthentication = { ok: true; context: RequestContext } | { ok: false; wrongPassword: true };

export async function reauthenticate(
  current: CurrentSession,
  password: string,
  purpose: "elevation" | "step-up" | "password-change",
): Promise<Reauthentication> {
  const requestHeaders = await headers();
  const context = requestContext(requestHeaders);
  const check = await checkCredentials({
    email: current.user.email,
    password,
    ip: clientIp(requestHeaders),
    context,
    purpose,
    sessionId: current.session.id,
  });
  if (check.ok) return { ok: true, context };
  if (check.reason === "throttled") {
    await (await getSessionService()).revokeUserSession(current.user.id, current.session.id, "password-retries", null);
    await clearSessionCookie();
    redirect(loginPath("revoked"));
  }
  return { ok: false, wrongPassword: true };
}
