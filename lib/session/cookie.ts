import { sealData, unsealData } from "iron-session";
import { LRUCache } from "lru-cache";
import type { SessionPolicy } from "./policy";
import { asSecrets, type SecretMap, type Secrets } from "./secrets";

/**
 * The session cookie: its name, attributes and sealed contents. Edge-safe (the middleware uses it);
 * lib/auth/session-cookie.ts is the only code that writes it from the Node side.
 */
export interface SessionCookie {
  token: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  rotatedAt: number;
  elevatedUntil: number | null;
}

/** Browsers cap a cookie near 4 KB; anything larger was not written by us. */
export const MAX_COOKIE_BYTES = 4096;

/** A generic name tells an observer nothing about the stack; `__Host-` pins it to this origin over TLS. */
export const sessionCookieName = (secure: boolean) => (secure ? "__Host-sid" : "sid");

export const sessionCookieAttributes = (secure: boolean) => ({ httpOnly: true, sameSite: "lax", path: "/", secure }) as const;

/** The seal outlives the absolute timeout by a minute only, so even a leaked old cookie is cryptographically dead. */
const sealTtlSeconds = (policy: SessionPolicy) => Math.ceil(policy.absoluteTimeoutMs / 1000) + 60;

/** Sealed under the sealing secret only (a SESSION_SECRET_NEXT is read, never written). */
export function sealSessionCookie(data: SessionCookie, secrets: Secrets | SecretMap, policy: SessionPolicy): Promise<string> {
  const { sealing, readable } = asSecrets(secrets);
  return sealData(data, { password: { [sealing]: readable[sealing]! }, ttl: sealTtlSeconds(policy) });
}

/**
 * Unsealing costs ~0.4 ms of CPU (key derivation, HMAC, AES), and a browser presents the same seal
 * on every request until it is renewed. So a seal that verified is remembered, exactly as sent, and
 * is answered from memory until its own sealed expiry, at most for a minute. Only an identical
 * string hits (any change to a seal is a miss and is verified in full), and nothing from a secret
 * set that is no longer configured is served.
 */
const verified = new LRUCache<string, { data: SessionCookie; expiresAt: number }>({ max: 5_000, ttl: 60_000 });
let verifiedWith: Secrets | SecretMap | null = null;

/** The expiry iron seals into the string (its sixth field, covered by the HMAC that was checked). */
const sealedExpiry = (raw: string) => Number(raw.split("*")[5]) || 0;

/** Tampered, truncated, oversized, expired or foreign values all read as "no session" (null), never an error. */
export async function unsealSessionCookie(raw: string, secrets: Secrets | SecretMap, policy: SessionPolicy): Promise<SessionCookie | null> {
  if (!raw || raw.length > MAX_COOKIE_BYTES) return null;
  if (verifiedWith !== secrets) {
    verified.clear();
    verifiedWith = secrets;
  }
  const known = verified.get(raw);
  if (known && Date.now() < known.expiresAt) return { ...known.data };
  try {
    const data = await unsealData<Partial<SessionCookie>>(raw, { password: asSecrets(secrets).readable, ttl: sealTtlSeconds(policy) });
    if (!isSessionCookie(data)) return null;
    const expiresAt = sealedExpiry(raw);
    if (expiresAt > Date.now()) verified.set(raw, { data: { ...data }, expiresAt });
    return data;
  } catch {
    return null;
  }
}

function isSessionCookie(d: Partial<SessionCookie>): d is SessionCookie {
  return (
    typeof d.token === "string" &&
    d.token.length >= 43 &&
    typeof d.userId === "string" &&
    Number.isFinite(d.createdAt) &&
    Number.isFinite(d.lastSeenAt) &&
    Number.isFinite(d.rotatedAt) &&
    (d.elevatedUntil === null || Number.isFinite(d.elevatedUntil))
  );
}
