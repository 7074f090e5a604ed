import "server-only";
import type { JWK } from "jose";
import { getDatabase } from "../db/connection";
import { getSessionService, serverKeys } from "../auth/services";
import { errorResponse } from "../http/json-body";
import { observeValidation } from "../metrics";
import { getSessionConfig } from "../session/config";
import { REFUSALS, type RefusalReason } from "../session/reasons";
import type { StoredSession } from "../session/types";
import { issueAccessToken, verifyAccessToken, type AccessTokenConfig } from "./access-token";
import { createKeyRing, type KeyRing, type KeyStore, type StoredKey } from "./keys";
import { MESSAGES } from "../messages";
import { readEnv } from "../env";

/** The Next.js side of app sessions: keys in PostgreSQL, token pairs, bearer authentication, errors. */

/** One error shape for the app API, with stable codes. */
export type MobileErrorCode =
  | "invalid_credentials"
  | "invalid_token"
  | "token_reused"
  | "rate_limited"
  | "invalid_request"
  | "session_limit"
  | "account_disabled"
  | "unavailable";

export const mobileError = (status: number, error: MobileErrorCode, message: string, headers?: HeadersInit) =>
  errorResponse(status, error, message, { "cache-control": "no-store", ...Object.fromEntries(new Headers(headers)) });

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

export const refusal = (reason: RefusalReason) =>
  REFUSALS[reason].app === "token_reused"
    ? mobileError(401, "token_reused", "This refresh token was already used. The session has been ended; sign in again.")
    : mobileError(401, "invalid_token", "The token is not valid. Sign in again.", { "www-authenticate": 'Bearer error="invalid_token"' });

export interface AppUser {
  id: string;
  email: string;
  role: "user" | "admin";
}

export type Bearer = { ok: true; session: StoredSession; user: AppUser } | { ok: false; response: Response };

const accountDisabled = () => mobileError(403, "account_disabled", MESSAGES.accountDisabled);

/**
 * The session's user, when it may still use the app: a disabled account's app sessions are ended
 * here too (a sign-in racing the administrator's "Disable" could otherwise outlive it).
 */
export async function activeUser(session: StoredSession): Promise<{ ok: true; user: AppUser } | { ok: false; response: Response }> {
  const { prisma } = await getDatabase();
  const user = await prisma.user.findUnique({
    where: { id: session.userId },
    select: { id: true, email: true, role: true, disabledAt: true },
  });
  if (user && !user.disabledAt) return { ok: true, user: { id: user.id, email: user.email, role: user.role } };
  await (await getSessionService()).revokeUserSession(session.userId, session.id, user ? "account-disabled" : "admin", null);
  return { ok: false, response: user ? accountDisabled() : refusal("unknown") };
}

/**
 * Authenticates `Authorization: Bearer <access token>`: the JWT's signature and claims, then its
 * session, live in the store (revocation, password change and expiry apply at once).
 */
export async function authenticateBearer(request: Request): Promise<Bearer> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header.trim());
  if (!match) {
    return {
      ok: false,
      response: mobileError(401, "invalid_token", "Send the access token as Authorization: Bearer <token>.", {
        "www-authenticate": 'Bearer realm="session-lab"',
      }),
    };
  }
  const check = await verifyAccessToken(getKeyRing(), accessTokenConfig(), match[1]!);
  if (!check.ok) {
    const message = check.reason === "expired" ? "The access token has expired. Refresh it." : "The access token is not valid.";
    return {
      ok: false,
      response: mobileError(401, "invalid_token", message, {
        "www-authenticate": `Bearer error="invalid_token", error_description="${check.reason}"`,
      }),
    };
  }
  const service = await getSessionService();
  const live = await observeValidation("mobile", () => service.checkSession(check.claims.sid, { activity: true }));
  if (!live.ok || live.session.userId !== check.claims.sub || live.session.kind !== "mobile")
    return { ok: false, response: refusal(live.ok ? "unknown" : live.reason) };
  const account = await activeUser(live.session);
  if (!account.ok) return account;
  return { ok: true, session: live.session, user: account.user };
}
