import { randomUUID } from "node:crypto";
import { checkBinding } from "./binding";
import { planSessionLimit } from "./limits";
import type { RefusalReason, RequestContext, Rotation, SessionCore, Validation } from "./service";
import { expiryReason, isActivityStale, isRotationDue } from "./timeouts";
import { generateSessionToken, hashSessionToken, successorToken } from "./token";
import type { SessionKind, StoredSession, TokenRotation } from "./types";

export type Creation =
  | { status: "created"; token: string; session: StoredSession; /** ended to stay within the session limit */ evicted: StoredSession[] }
  | { status: "limit-reached"; live: StoredSession[] };

export interface RotateOptions {
  /** rotate now, due or not (a privilege change) */
  force?: boolean;
  elevatedUntil?: number | null;
  /** the request asking; binding is checked against it */
  context?: RequestContext;
  /** the request passed a step-up: bind the session to its browser and network */
  rebind?: TokenRotation["rebind"];
}

/** Why an ended session is refused, whoever ended it (the expiry sweep, another request, a person). */
function refusalFor(revokedReason: string | null): RefusalReason {
  if (revokedReason === "expired-idle") return "idle";
  if (revokedReason === "expired-absolute") return "absolute";
  if (revokedReason === "hijack-suspected") return "hijack";
  return "revoked";
}

/** Creating, validating and rotating sessions. */
export function lifecycle(core: SessionCore) {
  const { store, policy, clock } = core;
  const liveSessionsOf = async (userId: string) => (await store.listLive(userId)).filter((s) => core.isLive(s, clock()));

  /**
   * Always a fresh token; a session presented with the sign-in request is ended (fixation). At the
   * session limit, the least recently used sessions end to make room (evict-oldest), or the sign-in
   * is refused (reject).
   */
  async function createSession(
    userId: string,
    ctx: RequestContext,
    options: { kind?: SessionKind; presentedToken?: string | null } = {},
  ): Promise<Creation> {
    if (options.presentedToken) {
      const previous = await store.findByTokenHash(hashSessionToken(options.presentedToken));
      if (previous && previous.revokedAt === null) await core.end(previous, "signed-in-again", "session.revoked", null);
    }
    const live = await liveSessionsOf(userId);
    const plan = planSessionLimit(live, policy);
    if (plan.action === "reject") return { status: "limit-reached", live };

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
      lastMismatch: null,
    };
    await store.create(session);
    await core.log({ type: "session.created", userId, sessionId: session.id, ipPrefix: ctx.ipPrefix, userAgent: session.userAgent, detail: { kind: session.kind } });

    const by = `session:${session.id}` as const;
    const evicted: StoredSession[] = [];
    for (const s of plan.action === "evict" ? plan.sessions : []) if (await core.end(s, "session-limit", "session.revoked", by)) evicted.push(s);
    // two sign-ins at once may both have seen room for one more: settle it now that both exist
    const max = policy.maxSessionsPerUser;
    const after = await liveSessionsOf(userId);
    if (max > 0 && after.length > max) {
      const others = after.filter((s) => s.id !== session.id);
      if (policy.limitPolicy === "reject") {
        await core.end(session, "session-limit", "session.revoked", null);
        return { status: "limit-reached", live: others };
      }
      const extra = others.sort((a, b) => a.lastSeenAt - b.lastSeenAt).slice(0, after.length - max);
      for (const s of extra) if (await core.end(s, "session-limit", "session.revoked", by)) evicted.push(s);
    }
    return { status: "created", token, session, evicted };
  }

  /**
   * Checks a presented token against the store: revoked, replaced (reuse after the grace window is
   * treated as theft and ends the session), absolute and idle expiry, and, given the request's
   * context, binding. `activity` records the request as use of the session; status polling passes
   * false so it never keeps a session alive.
   */
  async function validateSessionToken(token: string, { activity, context }: { activity: boolean; context?: RequestContext }): Promise<Validation> {
    const tokenHash = hashSessionToken(token);
    const session = await store.findByTokenHash(tokenHash);
    if (!session) return refuseSpent(tokenHash);
    if (session.revokedAt !== null) return { ok: false, reason: refusalFor(session.revokedReason) };
    const now = clock();
    const superseded = session.tokenHash !== tokenHash;
    if (superseded && now > (session.previousTokenGraceUntil ?? 0)) {
      await core.end(session, "token-reuse", "session.reuse-detected", null);
      return { ok: false, reason: "reused" };
    }
    const expired = expiryReason(session, policy, now);
    if (expired) {
      await core.end(session, `expired-${expired}`, `session.expired-${expired}`, null);
      return { ok: false, reason: expired };
    }
    let stepUp = false;
    if (context) {
      const binding = checkBinding(session, context, policy);
      if (binding.signature && binding.decision !== "ok" && binding.decision !== "off") {
        if (await store.noteMismatch(session.id, binding.signature)) {
          const detail = Object.fromEntries(binding.mismatches.flatMap((m) => [[`${m.signal}.expected`, m.expected], [`${m.signal}.actual`, m.actual]]));
          await core.log({ type: "session.suspicious", userId: session.userId, sessionId: session.id, ...context, detail: { ...detail, action: binding.decision } });
        }
        if (binding.decision === "revoke") {
          await core.end(session, "hijack-suspected", "session.revoked", null);
          return { ok: false, reason: "hijack" };
        }
        stepUp = binding.decision === "step-up";
      }
    }
    // an unverified request is not served, so it does not count as activity either
    if (activity && !stepUp && isActivityStale(session.lastSeenAt, policy, now)) {
      await store.touch(session.id, now);
      session.lastSeenAt = now;
    }
    return { ok: true, session, superseded, stepUp };
  }

  /**
   * A token no session holds: unknown, or spent two or more rotations ago. A spent one is a stolen
   * copy being replayed (its owner has moved on): the session it belonged to ends.
   */
  async function refuseSpent(tokenHash: string): Promise<Validation> {
    const sessionId = await store.findSpent(tokenHash);
    const session = sessionId ? await store.get(sessionId) : null;
    if (!session) return { ok: false, reason: "unknown" };
    if (session.revokedAt === null) await core.end(session, "token-reuse", "session.reuse-detected", null);
    return { ok: false, reason: "reused" };
  }

  /**
   * A session by id, for bearer access tokens (which name their session): refused once it is revoked
   * or past its limits, so ending a device takes effect on the app's very next call.
   */
  async function checkSession(sessionId: string, { activity }: { activity: boolean }): Promise<Validation> {
    const session = await store.get(sessionId);
    if (!session) return { ok: false, reason: "unknown" };
    if (session.revokedAt !== null) return { ok: false, reason: refusalFor(session.revokedReason) };
    const now = clock();
    const expired = expiryReason(session, policy, now);
    if (expired) {
      await core.end(session, `expired-${expired}`, `session.expired-${expired}`, null);
      return { ok: false, reason: expired };
    }
    if (activity && isActivityStale(session.lastSeenAt, policy, now)) {
      await store.touch(session.id, now);
      session.lastSeenAt = now;
    }
    return { ok: true, session, superseded: false, stepUp: false };
  }

  /**
   * A native app's refresh (RFC 9700 §4.14, refresh token rotation): every use spends the token and
   * returns its successor. A retry inside the grace window (the response was lost) gets the same
   * successor again, and so do parallel uses: one compare-and-set wins, the others find the winner's
   * token, which is the same HMAC-derived successor. A spent token after the window, or any token
   * from further back, ends the session (validateSessionToken / refuseSpent).
   */
  async function refreshSession(token: string): Promise<Rotation> {
    const checked = await validateSessionToken(token, { activity: true });
    if (!checked.ok) return { status: "refused", reason: checked.reason };
    const { session } = checked;
    if (session.kind !== "mobile") return { status: "refused", reason: "unknown" };
    const successor = successorToken(token, core.successorKey);
    const successorHash = hashSessionToken(successor);
    if (checked.superseded) {
      return successorHash === session.tokenHash ? { status: "rotated", token: successor, session } : { status: "refused", reason: "reused" };
    }
    const now = clock();
    const rotation: TokenRotation = { expectedTokenHash: session.tokenHash, tokenHash: successorHash, rotatedAt: now, graceUntil: now + policy.rotationGraceMs };
    if (!(await store.rotate(session.id, rotation))) {
      // A parallel refresh won: it stored this same successor, and this token is its replaced one,
      // inside the grace window. Anything else means the token was spent earlier and only looked
      // current (a stale cached copy): that is reuse, and the session ends.
      const current = await store.get(session.id);
      if (!current || current.revokedAt !== null) return { status: "refused", reason: current ? refusalFor(current.revokedReason) : "revoked" };
      const parallel =
        current.tokenHash === successorHash && current.previousTokenHash === hashSessionToken(token) && now <= (current.previousTokenGraceUntil ?? 0);
      if (parallel) return { status: "rotated", token: successor, session: current };
      await core.end(current, "token-reuse", "session.reuse-detected", null);
      return { status: "refused", reason: "reused" };
    }
    await core.log({ type: "session.rotated", userId: session.userId, sessionId: session.id, detail: { kind: "mobile" } });
    const updated: StoredSession = {
      ...session,
      previousTokenHash: session.tokenHash,
      previousTokenGraceUntil: rotation.graceUntil,
      tokenHash: successorHash,
      rotatedAt: now,
      lastSeenAt: Math.max(session.lastSeenAt, now),
    };
    return { status: "rotated", token: successor, session: updated };
  }

  /**
   * Replaces the token when the renewal interval has passed (or at once with `force`, for privilege
   * changes). Concurrent callers presenting the same token get one winner; the others are told the
   * token was superseded and keep working inside the grace window. A replaced token presented inside
   * that window is handed its successor again (the response that carried it may have been lost).
   */
  async function rotateSessionToken(token: string, options: RotateOptions = {}): Promise<Rotation> {
    const checked = await validateSessionToken(token, { activity: true, context: options.rebind ? undefined : options.context });
    if (!checked.ok) return { status: "refused", reason: checked.reason };
    const { session } = checked;
    if (checked.superseded) {
      const successor = successorToken(token, core.successorKey);
      // only the direct successor: after two rotations the presented token gets nothing new
      if (hashSessionToken(successor) !== session.tokenHash) return { status: "superseded", session };
      return options.force ? rotateSessionToken(successor, options) : { status: "rotated", token: successor, session };
    }
    // a request still to pass a step-up gets no fresh token
    if (checked.stepUp) return { status: "not-due", session };
    const now = clock();
    if (!options.force && !isRotationDue(session.rotatedAt, policy, now)) return { status: "not-due", session };
    const next = successorToken(token, core.successorKey);
    const rotation: TokenRotation = {
      expectedTokenHash: session.tokenHash,
      tokenHash: hashSessionToken(next),
      rotatedAt: now,
      graceUntil: now + policy.rotationGraceMs,
      elevatedUntil: options.elevatedUntil,
      rebind: options.rebind,
    };
    if (!(await store.rotate(session.id, rotation))) {
      const current = await store.get(session.id);
      if (!current || current.revokedAt !== null) return { status: "refused", reason: "revoked" };
      return { status: "superseded", session: current };
    }
    await core.log({ type: "session.rotated", userId: session.userId, sessionId: session.id, detail: { forced: Boolean(options.force) } });
    const updated: StoredSession = {
      ...session,
      ...(options.rebind ? { ...options.rebind, lastMismatch: null } : {}),
      previousTokenHash: session.tokenHash,
      previousTokenGraceUntil: rotation.graceUntil,
      tokenHash: rotation.tokenHash,
      rotatedAt: now,
      lastSeenAt: Math.max(session.lastSeenAt, now),
      elevatedUntil: options.elevatedUntil === undefined ? session.elevatedUntil : options.elevatedUntil,
    };
    return { status: "rotated", token: next, session: updated };
  }

  return { createSession, validateSessionToken, rotateSessionToken, refreshSession, checkSession, listUserSessions: liveSessionsOf };
}
