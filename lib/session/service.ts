import { randomUUID } from "node:crypto";
import type { SessionPolicy } from "./policy";
import { expiryReason, isActivityStale, isRotationDue } from "./timeouts";
import { generateSessionToken, hashSessionToken, successorToken } from "./token";
import type { AuditEvent, AuditLog, RevokeReason, SessionKind, SessionStore, StoredSession } from "./types";

/**
 * The session lifecycle: create, validate, rotate, revoke, list. Framework-free: the store, the audit
 * log, the policy and the clock are injected, so every timeout edge is unit-tested with a fake clock.
 */
export interface SessionServiceDeps {
  store: SessionStore;
  audit: AuditLog;
  policy: SessionPolicy;
  /** server key for rotated tokens (see successorToken); the same on every instance */
  successorKey: Uint8Array;
  clock?: () => number;
}

export interface RequestContext {
  userAgent: string;
  ipPrefix: string;
  deviceLabel?: string;
}

export type RefusalReason = "unknown" | "revoked" | "idle" | "absolute" | "reused";

export type Validation =
  | { ok: true; session: StoredSession; /** presented the replaced token inside its grace window */ superseded: boolean }
  | { ok: false; reason: RefusalReason };

export type Rotation =
  | { status: "rotated"; token: string; session: StoredSession }
  | { status: "not-due" | "superseded"; session: StoredSession }
  | { status: "refused"; reason: RefusalReason };

export type SessionService = ReturnType<typeof createSessionService>;

export function createSessionService({ store, audit, policy, successorKey, clock = Date.now }: SessionServiceDeps) {
  const log = (event: Omit<AuditEvent, "at">) => audit.record({ ...event, at: clock() });

  async function end(session: StoredSession, reason: RevokeReason, type: AuditEvent["type"], by?: string) {
    const ended = await store.revoke(session.id, reason, clock());
    if (ended) await log({ type, userId: session.userId, sessionId: session.id, detail: { reason, by: by ?? null } });
  }

  /** Always a fresh token; a session presented with the sign-in request is ended (fixation). */
  async function createSession(
    userId: string,
    ctx: RequestContext,
    options: { kind?: SessionKind; presentedToken?: string | null } = {},
  ) {
    if (options.presentedToken) {
      const previous = await store.findByTokenHash(hashSessionToken(options.presentedToken));
      if (previous && previous.revokedAt === null) await end(previous, "signed-in-again", "session.revoked");
    }
    const now = clock();
    const token = generateSessionToken();
    const session: StoredSession = {
      id: randomUUID(),
      userId,
      kind: options.kind ?? "browser",
      tokenHash: hashSessionToken(token),
      previousTokenHash: null,
      previousTokenGraceUntil: null,
      userAgent: ctx.userAgent.slice(0, 512),
      ipPrefix: ctx.ipPrefix,
      deviceLabel: (ctx.deviceLabel ?? "").slice(0, 120),
      createdAt: now,
      lastSeenAt: now,
      rotatedAt: now,
      elevatedUntil: null,
      revokedAt: null,
      revokedReason: null,
    };
    await store.create(session);
    await log({ type: "session.created", userId, sessionId: session.id, ipPrefix: ctx.ipPrefix, userAgent: session.userAgent });
    return { token, session };
  }

  /**
   * Checks a presented token against the store: revoked, replaced (reuse after the grace window is
   * treated as theft and ends the session), absolute and idle expiry. `activity` records the request
   * as use of the session; status polling passes false so it never keeps a session alive.
   */
  async function validateSessionToken(token: string, { activity }: { activity: boolean }): Promise<Validation> {
    const tokenHash = hashSessionToken(token);
    const session = await store.findByTokenHash(tokenHash);
    if (!session) return { ok: false, reason: "unknown" };
    if (session.revokedAt !== null) return { ok: false, reason: "revoked" };
    const now = clock();
    const superseded = session.tokenHash !== tokenHash;
    if (superseded && now > (session.previousTokenGraceUntil ?? 0)) {
      await end(session, "token-reuse", "session.reuse-detected");
      return { ok: false, reason: "reused" };
    }
    const expired = expiryReason(session, policy, now);
    if (expired === "absolute") {
      await end(session, "expired-absolute", "session.expired-absolute");
      return { ok: false, reason: "absolute" };
    }
    if (expired === "idle") {
      await end(session, "expired-idle", "session.expired-idle");
      return { ok: false, reason: "idle" };
    }
    if (activity && isActivityStale(session.lastSeenAt, policy, now)) {
      await store.touch(session.id, now);
      session.lastSeenAt = now;
    }
    return { ok: true, session, superseded };
  }

  /**
   * Replaces the token when the renewal interval has passed (or at once with `force`, for privilege
   * changes). Concurrent callers presenting the same token get one winner; the others are told the
   * token was superseded and keep working inside the grace window. A replaced token presented inside
   * that window is handed its successor again (the response that carried it may have been lost).
   */
  async function rotateSessionToken(
    token: string,
    options: { force?: boolean; elevatedUntil?: number | null } = {},
  ): Promise<Rotation> {
    const checked = await validateSessionToken(token, { activity: true });
    if (!checked.ok) return { status: "refused", reason: checked.reason };
    const { session } = checked;
    if (checked.superseded) {
      const successor = successorToken(token, successorKey);
      // only the direct successor: after two rotations the presented token gets nothing new
      if (hashSessionToken(successor) === session.tokenHash) return { status: "rotated", token: successor, session };
      return { status: "superseded", session };
    }
    const now = clock();
    if (!options.force && !isRotationDue(session.rotatedAt, policy, now)) return { status: "not-due", session };
    const next = successorToken(token, successorKey);
    const rotated = await store.rotate(session.id, {
      expectedTokenHash: session.tokenHash,
      tokenHash: hashSessionToken(next),
      rotatedAt: now,
      graceUntil: now + policy.rotationGraceMs,
      elevatedUntil: options.elevatedUntil,
    });
    if (!rotated) {
      const current = await store.get(session.id);
      if (!current || current.revokedAt !== null) return { status: "refused", reason: "revoked" };
      return { status: "superseded", session: current };
    }
    await log({ type: "session.rotated", userId: session.userId, sessionId: session.id, detail: { forced: Boolean(options.force) } });
    const updated: StoredSession = {
      ...session,
      previousTokenHash: session.tokenHash,
      previousTokenGraceUntil: now + policy.rotationGraceMs,
      tokenHash: hashSessionToken(next),
      rotatedAt: now,
      lastSeenAt: Math.max(session.lastSeenAt, now),
      elevatedUntil: options.elevatedUntil === undefined ? session.elevatedUntil : options.elevatedUntil,
    };
    return { status: "rotated", token: next, session: updated };
  }

  /** Ends the session a token belongs to (sign-out). Unknown or already-ended tokens are a no-op. */
  async function endSessionByToken(token: string, reason: RevokeReason = "signed-out") {
    const session = await store.findByTokenHash(hashSessionToken(token));
    if (session && session.revokedAt === null) await end(session, reason, "session.revoked", session.userId);
    return session;
  }

  async function revokeSession(id: string, reason: RevokeReason, by?: string) {
    const session = await store.get(id);
    if (session && session.revokedAt === null) await end(session, reason, "session.revoked", by);
  }

  async function revokeUserSessions(userId: string, reason: RevokeReason, options: { exceptId?: string; by?: string } = {}) {
    const ended = await store.revokeUser(userId, reason, clock(), options.exceptId);
    for (const s of ended) {
      await log({ type: "session.revoked", userId, sessionId: s.id, detail: { reason, by: options.by ?? null } });
    }
    return ended.length;
  }

  /**
   * Ends sessions nobody came back to, past their idle or absolute limit by the store's record, with
   * their audit events. Meant for a timer on every app instance: each session is ended, and audited,
   * by exactly one of them. Returns how many it ended (at most `batch`).
   */
  async function endExpiredSessions(batch = 500) {
    const now = clock();
    const limits = { kind: "browser" as const, idleBefore: now - policy.idleTimeoutMs, absoluteBefore: now - policy.absoluteTimeoutMs };
    const ended = await store.revokeExpired(limits, now, batch);
    for (const s of ended) {
      const type = s.revokedReason === "expired-absolute" ? "session.expired-absolute" : "session.expired-idle";
      await log({ type, userId: s.userId, sessionId: s.id, detail: { reason: s.revokedReason, by: null } });
    }
    return ended.length;
  }

  return {
    policy,
    endExpiredSessions,
    createSession,
    validateSessionToken,
    rotateSessionToken,
    endSessionByToken,
    revokeSession,
    revokeUserSessions,
    listUserSessions: (userId: string) => store.listLive(userId),
  };
}
