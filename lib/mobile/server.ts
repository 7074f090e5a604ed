import "server-only";
import type { JWK } from "jose";
import { getDatabase } from "../db/connection";
import { getSessionService, serverKeys } from "../auth/services";
import type { Messages } from "../i18n";
import { observeValidation } from "../metrics";
import { getSessionConfig } from "../session/config";
import type { StoredSession } from "../session/types";
import { issueAccessToken, verifyAccessToken, type AccessTokenConfig } from "./access-token";
import { accountDisabled, apiMessages, bearerRefusal, refusal } from "./errors";
import { createKeyRing, type KeyRing, type KeyStore, type StoredKey } from "./keys";
import { readEnv } from "../env";

/**
 * The Next.js side of app sessions: keys in PostgreSQL, token pairs, bearer authentication. Its
 * errors (codes, and messages by Accept-Language) are in errors.ts.
 */

class PrismaKeyStore implements KeyStore {
  async listSince(since: number): Promise<StoredKey[]> {
    const { prisma } = await getDatabase();
    const rows = await prisma.signingKey.findMany({ where: { createdAt: { gte: new Date(since) } }, orderBy: { createdAt: "desc" } });
    return rows.map((r) => ({
      kid: r.kid,
      alg: r.alg,
      publicJwk: r.publicJwk as JWK,
      privateJwk: r.privateJwk,
      createdAt: r.createdAt.getTime(),
    }));
  }
  async add(key: StoredKey) {
    const { prisma } = await getDatabase();
    await prisma.signingKey.create({ data: { ...key, publicJwk: key.publicJwk as object, createdAt: new Date(key.createdAt) } });
  }
}

export function accessTokenConfig(): AccessTokenConfig {
  return {
    issuer: readEnv().MOBILE_JWT_ISSUER,
    audience: readEnv().MOBILE_JWT_AUDIENCE,
    ttlMs: getSessionConfig().policy.mobileAccessTtlMs,
  };
}

const KEY = Symbol.for("next-session-secure.key-ring");
type Holder = { [KEY]?: KeyRing };

export function getKeyRing(): KeyRing {
  const holder = globalThis as Holder;
  holder[KEY] ??= createKeyRing({
    store: new PrismaKeyStore(),
    wrapKeys: serverKeys("access-token-signing-key-wrap"),
    rotationMs: readEnv().MOBILE_JWT_KEY_ROTATION,
    accessTtlMs: getSessionConfig().policy.mobileAccessTtlMs,
  });
  return holder[KEY];
}

/** When an app session's refresh token stops working without use: the inactivity or the absolute bound. */
function refreshTokenExpiresAt(session: StoredSession): number {
  const { policy } = getSessionConfig();
  const idle = session.lastSeenAt + policy.mobileRefreshIdleMs;
  return policy.mobileRefreshAbsoluteMs > 0 ? Math.min(idle, session.createdAt + policy.mobileRefreshAbsoluteMs) : idle;
}

/** A signed access token for an app session. */
export const accessTokenFor = (session: StoredSession) =>
  issueAccessToken(getKeyRing(), accessTokenConfig(), { userId: session.userId, sessionId: session.id });

/** The body of a successful sign-in or refresh (`access` signed beforehand when a refresh spends a token). */
export async function tokenPairResponse(session: StoredSession, refreshToken: string, access?: Awaited<ReturnType<typeof accessTokenFor>>) {
  access ??= await accessTokenFor(session);
  return Response.json(
    {
      accessToken: access.token,
      accessTokenExpiresAt: new Date(access.expiresAt).toISOString(),
      refreshToken,
      refreshTokenExpiresAt: new Date(refreshTokenExpiresAt(session)).toISOString(),
      sessionId: session.id,
      tokenType: "Bearer",
    },
    { headers: { "cache-control": "no-store", pragma: "no-cache" } },
  );
}

export interface AppUser {
  id: string;
  email: string;
  role: "user" | "admin";
}

export type Bearer = { ok: true; session: StoredSession; user: AppUser } | { ok: false; response: Response };

/**
 * The session's user, when it may still use the app: a disabled account's app sessions are ended
 * here too (a sign-in racing the administrator's "Disable" could otherwise outlive it). `t` are the
 * texts of the request's language (apiMessages), for the refusal.
 */
export async function activeUser(
  session: StoredSession,
  t: Messages,
): Promise<{ ok: true; user: AppUser } | { ok: false; response: Response }> {
  const { prisma } = await getDatabase();
  const user = await prisma.user.findUnique({
    where: { id: session.userId },
    select: { id: true, email: true, role: true, disabledAt: true },
  });
  if (user && !user.disabledAt) return { ok: true, user: { id: user.id, email: user.email, role: user.role } };
  await (await getSessionService()).revokeUserSession(session.userId, session.id, user ? "account-disabled" : "admin", null);
  return { ok: false, response: user ? accountDisabled(t) : refusal("unknown", t) };
}

/**
 * Authenticates `Authorization: Bearer <access token>`: the JWT's signature and claims, then its
 * session, live in the store (revocation, password change and expiry apply at once).
 */
export async function authenticateBearer(request: Request): Promise<Bearer> {
  const t = apiMessages(request);
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header.trim());
  if (!match) return { ok: false, response: bearerRefusal("missing", t) };
  const check = await verifyAccessToken(getKeyRing(), accessTokenConfig(), match[1]!);
  if (!check.ok) return { ok: false, response: bearerRefusal(check.reason, t) };
  const service = await getSessionService();
  const live = await observeValidation("mobile", () => service.checkSession(check.claims.sid, { activity: true }));
  if (!live.ok || live.session.userId !== check.claims.sub || live.session.kind !== "mobile")
    return { ok: false, response: refusal(live.ok ? "unknown" : live.reason, t) };
  const account = await activeUser(live.session, t);
  if (!account.ok) return account;
  return { ok: true, session: live.session, user: account.user };
}
