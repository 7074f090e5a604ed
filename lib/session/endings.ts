import { endSession, log, type SessionCore } from "./core";
import { END_REASONS, type RevokeReason } from "./reasons";
import { hashSessionToken } from "./token";
import type { EndedBy } from "./types";

/** Ending sessions: sign-out, a device ended from another, everything at once, and the expiry sweep. */

/** Ends the session a token belongs to (sign-out). Unknown or already-ended tokens are a no-op. */
export async function endSessionByToken(core: SessionCore, token: string, reason: RevokeReason = "signed-out") {
  const session = await core.store.findByTokenHash(hashSessionToken(token));
  if (session && session.revokedAt === null) await endSession(core, session, { reason, by: "self" });
  return session;
}

/** Ends one of a user's sessions; false when it is not theirs or had already ended. */
export async function revokeUserSession(core: SessionCore, userId: string, sessionId: string, reason: RevokeReason, by: EndedBy) {
  const session = await core.store.get(sessionId);
  if (!session || session.userId !== userId) return false;
  return endSession(core, session, { reason, by });
}

/** Ends every live session of a user, except `exceptId` when given; returns how many ended. */
export async function revokeUserSessions(
  core: SessionCore,
  userId: string,
  reason: RevokeReason,
  options: { exceptId?: string; by: EndedBy },
) {
  const ended = await core.store.revokeUser(userId, reason, core.clock(), options.exceptId);
  for (const s of ended)
    await log(core, { type: END_REASONS[reason].event, userId, sessionId: s.id, detail: { reason, by: options.by, kind: s.kind } });
  return ended.length;
}

/**
 * Ends sessions nobody came back to, past their idle or absolute limit by the store's record, with
 * their audit events. Meant for a timer on every app instance: each session is ended, and audited,
 * by exactly one of them. Browsers and apps each by their own limits. Returns how many it ended
 * (at most `batch` of each kind).
 */
export async function endExpiredSessions(core: SessionCore, batch = 500) {
  const { store, policy } = core;
  const now = core.clock();
  const browsers = await store.revokeExpired(
    { kind: "browser", idleBefore: now - policy.idleTimeoutMs, absoluteBefore: now - policy.absoluteTimeoutMs },
    now,
    batch,
  );
  const absolute = policy.mobileRefreshAbsoluteMs > 0 ? now - policy.mobileRefreshAbsoluteMs : null;
  const apps = await store.revokeExpired(
    { kind: "mobile", idleBefore: now - policy.mobileRefreshIdleMs, absoluteBefore: absolute },
    now,
    batch,
  );
  const ended = [...browsers, ...apps];
  for (const s of ended) {
    const reason: RevokeReason = s.revokedReason === "expired-absolute" ? "expired-absolute" : "expired-idle";
    await log(core, { type: END_REASONS[reason].event, userId: s.userId, sessionId: s.id, detail: { reason, by: null, kind: s.kind } });
  }
  return ended.length;
}
