import "server-only";
import { RateLimiterPrisma, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDatabase } from "../db/connection";
import { getRedis } from "../db/redis";
import { throttleNetworks } from "../http/client-address";
import { errorFields, log } from "../log";
import { issueAccountToken, peekAccountToken, revokeAccountTokens, spendAccountToken } from "../notify/tokens";
import type { RequestContext } from "../session/types";
import { setPasswordHash } from "./accounts";
import { endForeignSessions } from "./adoption";
import { hashPassword } from "./password";
import { getAuditLog, getSessionService, serverKey } from "./services";
import { counterKey } from "./throttle";

/**
 * Getting back into an account by email: "Forgot password?" (a single-use link, 30 minutes) and
 * "This wasn't me" (from the new-sign-in email). Neither needs a session; both end sessions.
 *
 * A reset request answers the same whether or not the account exists. Requests are limited per
 * client and network (which slows one requester, whoever they ask about) and emails per account,
 * 3 per 30 minutes, counted for unknown addresses too, so the limit reveals nothing; a stranger
 * asking for the owner's resets can only delay a fourth email, while the three sent still work.
 */
export const RESET_LIMITS = {
  resetHost: { points: 10, duration: 60 * 60 },
  resetNetwork: { points: 30, duration: 60 * 60 },
  resetAccount: { points: 3, duration: 30 * 60 },
} as const;

type ResetLimiter = keyof typeof RESET_LIMITS;
const KEY = Symbol.for("next-session-secure.reset-limiters");
type Holder = { [KEY]?: Promise<Record<ResetLimiter, RateLimiterAbstract>> };

function limiters() {
  const holder = globalThis as Holder;
  holder[KEY] ??= getDatabase().then(({ prisma }) => {
    const redis = getRedis();
    const make = (name: ResetLimiter) => {
      const rule = { keyPrefix: `reset:${name}`, ...RESET_LIMITS[name] };
      const db = new RateLimiterPrisma({ storeClient: prisma, tableName: "rateLimiterFlexible", ...rule });
      return redis ? new RateLimiterRedis({ storeClient: redis, insuranceLimiter: db, ...rule }) : db;
    };
    return { resetHost: make("resetHost"), resetNetwork: make("resetNetwork"), resetAccount: make("resetAccount") };
  });
  return holder[KEY];
}

/** Counts against one limiter: the wait it asks for (ms), 0 when within it. Unavailable counters let it through. */
async function take(name: ResetLimiter, key: string): Promise<number> {
  try {
    await (await limiters())[name].consume(key, 1);
    return 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error.msBeforeNext;
    log.warn(errorFields(error), "reset counters unavailable");
    return 0;
  }
}

export type ResetRequest = { status: "sent-if-known" } | { status: "throttled"; retryAfterSeconds: number };

/** "Forgot password?": emails a link when the account exists and is enabled; the same answer either way. */
export async function requestPasswordReset(email: string, ip: string, context: RequestContext): Promise<ResetRequest> {
  const keyHmac = serverKey("reset-throttle");
  const networks = throttleNetworks(ip);
  const waits = await Promise.all([
    take("resetHost", counterKey(keyHmac, "host", networks?.host ?? "unknown")),
    take("resetNetwork", counterKey(keyHmac, "network", networks?.network ?? "unknown")),
  ]);
  const wait = Math.max(...waits);
  if (wait > 0) return { status: "throttled", retryAfterSeconds: Math.ceil(wait / 1000) };
  // counted for every address, known or not, so that the limit says nothing about which exist
  if ((await take("resetAccount", counterKey(keyHmac, "account", email))) > 0) return { status: "sent-if-known" };
  const { prisma } = await getDatabase();
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, disabledAt: true } });
  if (user && !user.disabledAt) {
    // the audit event writes the email's outbox row; the link's token is made when it is sent
    await (
      await getAuditLog()
    ).record({ type: "account.password-reset-requested", userId: user.id, sessionId: null, ...context, at: Date.now() });
  }
  return { status: "sent-if-known" };
}

/** The account a reset link is for while it still works (its page shows the form, or says it does not). */
export async function resetLinkAccount(token: string): Promise<{ email: string } | null> {
  const { prisma } = await getDatabase();
  const link = await peekAccountToken(prisma, "password-reset", token);
  if (!link) return null;
  return prisma.user.findFirst({ where: { id: link.userId, disabledAt: null }, select: { email: true } });
}

/**
 * Sets the new password from a reset link: the link is used up first (one click wins), then every
 * session and app of the account ends, every other reset link dies, and only this browser is signed
 * in (the caller sets its cookie). Null when the link does not work (used, expired, unknown).
 */
export async function resetPassword(token: string, newPassword: string, context: RequestContext) {
  const { prisma } = await getDatabase();
  const link = await spendAccountToken(prisma, "password-reset", token);
  if (!link) return null;
  const user = await prisma.user.findUnique({ where: { id: link.userId }, select: { id: true, email: true, disabledAt: true } });
  if (!user || user.disabledAt) return null;
  const service = await getSessionService();
  const passwordHash = await hashPassword(newPassword);
  // before and after the new hash is stored: a sign-in with the old password in between cannot survive
  let ended = await service.revokeUserSessions(user.id, "password-reset", { by: "self" });
  await setPasswordHash(user.id, passwordHash);
  ended += await service.revokeUserSessions(user.id, "password-reset", { by: "self" });
  await endForeignSessions(user.id);
  await revokeAccountTokens(prisma, user.id, "password-reset");
  await revokeAccountTokens(prisma, user.id, "not-me");
  await (
    await getAuditLog()
  ).record({
    type: "account.password-reset",
    userId: user.id,
    sessionId: null,
    ...context,
    detail: { endedSessions: ended },
    at: Date.now(),
  });
  const created = await service.createSession(user.id, context);
  return { user, ended, created };
}

/** Whether a "This wasn't me" link still works. */
export async function notMeLinkWorks(token: string): Promise<boolean> {
  return (await peekAccountToken((await getDatabase()).prisma, "not-me", token)) !== null;
}

/**
 * "This wasn't me": ends the sign-in the email was about (and, if chosen, every session of the
 * account), then hands out a reset link for the same person, who has just shown they read the
 * account's email. Null when the link does not work.
 */
export async function reportNotMe(token: string, everywhere: boolean) {
  const { prisma } = await getDatabase();
  const link = await spendAccountToken(prisma, "not-me", token);
  if (!link) return null;
  const service = await getSessionService();
  let ended = 0;
  if (everywhere) ended = await service.revokeUserSessions(link.userId, "reported-by-user", { by: "self" });
  else if (link.sessionId && (await service.revokeUserSession(link.userId, link.sessionId, "reported-by-user", "self"))) ended = 1;
  if (everywhere) await endForeignSessions(link.userId);
  const reset = await issueAccountToken(prisma, "password-reset", link.userId);
  return { ended, resetToken: reset.token };
}
