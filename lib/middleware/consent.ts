import type { NextRequest } from "next/server";
import { CONSENT_COOKIE, cookiesOutlivingSession, unconsentedCookies } from "../consent/state";

/**
 * Registered optional cookies a request carries without consent for their category (a withdrawal in
 * another tab, a revision bump, GPC): hidden from the app now, and deleted by the response, whatever
 * page set them (edge-safe).
 */
export function dropUnconsentedCookies(request: NextRequest): string[] {
  const dropped = unconsentedCookies(
    request.cookies.getAll().map((c) => c.name),
    request.cookies.get(CONSENT_COOKIE)?.value,
    request.headers,
  );
  for (const cookie of dropped) request.cookies.delete(cookie);
  return dropped;
}

/** Without a session: a consent decision inherited from an account at sign-in goes, with what it allowed (shared browsers). */
export function dropInheritedConsent(request: NextRequest): string[] {
  const dropped = cookiesOutlivingSession(
    request.cookies.getAll().map((c) => c.name),
    request.cookies.get(CONSENT_COOKIE)?.value,
  );
  for (const cookie of dropped) request.cookies.delete(cookie);
  return dropped;
}
