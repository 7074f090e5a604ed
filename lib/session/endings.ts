import type { EndedBy, SessionCore } from "./service";
import { hashSessionToken } from "./token";
import type { RevokeReason } from "./types";

/** Ending sessions: sign-out, a device ended from another, everything at once, and the expiry sweep. */
export function endings(core: SessionCore) {
  const { store, policy, clock } = core;

  /** Ends the session a token belongs to (sign-out). Unknown or already-ended tokens are a no-op. */
  async function endSessionByToken(token: string, reason: RevokeReason = "signed-out") {
    const session = await store.findByTokenHash(hashSessionToken(token));
    if (session && session.revokedAt === null) await core.end(session, reason, "session.revoked", "self");
    return session;
  }

  /** Ends one of a user's sessions; false when it is not theirs or had already ended. */
  async function revokeUserSession(userId: string, sessionId: string, reason: RevokeReason, by: EndedBy) {
    const session = await store.get(sessionId);
    if (!session || session.userId !== userId) return false;
    return core.end(session, reason, "session.revoked", by);
  }

  /** Ends every live session of a user, except `exceptId` when given; returns how many ended. */
  async function revokeUserSessions(userId: string, reason: RevokeReason, options: { exceptId?: string; by: EndedBy }) {
    const ended = await store.revokeUser(userId, reason, clock(), options.exceptId);
    for (const s of ended) await core.log({ type: "session.revoked", userId, sessionId: s.id, detail: { reason, by: options.by, kind: s.kind } });
    return ended.length;
  }

  /**
   * Ends sessions nobody came back to, past their idle or absolute limit by the store's record, with
   * their audit events. Meant for a timer on every app instance: each session is ended, and audited,
   * by exactly one of them. Browsers and apps each by their own limits. Returns how many it ended
   * (at most `batch` of each kind).
   */
  async function endExpiredSessions(batch = 500) {
    const now = clock();
    const browsers = await store.revokeExpired({ kind: "browser", idleBefore: now - policy.idleTimeoutMs, absoluteBefore: now - policy.absoluteTimeoutMs }, now, batch);
    const absolute = policy.mobileRefreshAbsoluteMs > 0 ? now - policy.mobileRefreshAbsoluteMs : null;
    const apps = await store.revokeExpired({ kind: "mobile", idleBefore: now - policy.mobileRefreshIdleMs, absoluteBefore: absolute }, now, batch);
    const ended = [...browsers, ...apps];
    for (const s of ended) {
      const type = s.revokedReason === "expired-absolute" ? "session.expired-absolute" : "session.expired-idle";
      await core.log({ type, userId: s.userId, sessionId: s.id, detail: { reason: s.revokedReason, by: null, kind: s.kind } });
    }
    return ended.length;
  }

  return { endSessionByToken, revokeUserSession, revokeUserSessions, endExpiredSessions };
}
