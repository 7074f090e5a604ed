import { randomUUID } from "node:crypto";
import { hashSessionToken } from "../../lib/session/token";
import type { SessionCookie } from "../../lib/session/cookie";
import type { StoredSession } from "../../lib/session/types";

/** Test support: a live browser session record for `token`, of a random user, created at `at`; any field overridden. */
export function storedSession(token: string = randomUUID(), at = Date.now(), overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    id: randomUUID(),
    userId: randomUUID(),
    kind: "browser",
    tokenHash: hashSessionToken(token),
    previousTokenHash: null,
    previousTokenGraceUntil: null,
    userAgent: "test",
    ipPrefix: "192.0.2.0/24",
    deviceLabel: "",
    createdAt: at,
    lastSeenAt: at,
    rotatedAt: at,
    elevatedUntil: null,
    revokedAt: null,
    revokedReason: null,
    lastMismatch: null,
    ...overrides,
  };
}

/** Test support: what a live session's cookie seals (signed in a minute ago, active now); any field overridden. */
export const sessionCookieData = (overrides: Partial<SessionCookie> = {}, now = Date.now()): SessionCookie => ({
  token: "t".repeat(43),
  userId: "u1",
  createdAt: now - 60_000,
  lastSeenAt: now,
  rotatedAt: now - 60_000,
  elevatedUntil: null,
  ...overrides,
});
