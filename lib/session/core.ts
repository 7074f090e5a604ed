import type { SessionPolicy } from "./policy";
import { END_REASONS, type RevokeReason } from "./reasons";
import { expiryReason, isActivityStale } from "./timeouts";
import { hashSessionToken, successorToken } from "./token";
import type { AuditEvent, AuditLog, EndedBy, SessionStore, StoredSession, TokenRotation } from "./types";

/**
 * What every verb of the session service works on (create.ts, validate.ts, rotate.ts,
 * privileges.ts, endings.ts): the store, the audit trail, the policy, the server keys and the
 * clock, all injected, so every timeout edge is unit-tested with a fake clock; and the few steps
 * several verbs take.
 */
export interface SessionCoreDeps {
  store: SessionStore;
  audit: AuditLog;
  policy: SessionPolicy;
  /** server key for rotated tokens (see successorToken); the same on every instance */
  successorKey: Uint8Array;
  /** keys of other configured secrets: successors they made are still recognised */
  previousSuccessorKeys?: Uint8Array[];
  clock?: () => number;
}

export interface SessionCore {
  store: SessionStore;
  policy: SessionPolicy;
  /** the current key first, then those of other configured secrets */
  successorKeys: Uint8Array[];
  clock: () => number;
  audit: AuditLog;
}

export function createCore({
  store,
  audit,
  policy,
  successorKey,
  previousSuccessorKeys = [],
  clock = Date.now,
}: SessionCoreDeps): SessionCore {
  return { store, audit, policy, successorKeys: [successorKey, ...previousSuccessorKeys], clock };
}

/** Writes an audit event, at the core's clock. */
export const log = (core: SessionCore, event: Omit<AuditEvent, "at">) => core.audit.record({ ...event, at: core.clock() });

/**
 * Ends a live session with the audit event its reason calls for (reasons.ts); false when it had
 * already ended (another request, instance or the sweep got there first: audited once).
 */
export async function endSession(
  core: SessionCore,
  session: StoredSession,
  { reason, by = null }: { reason: RevokeReason; by?: EndedBy },
): Promise<boolean> {
  const ended = await core.store.revoke(session.id, reason, core.clock());
  if (ended)
    await log(core, {
      type: END_REASONS[reason].event,
      userId: session.userId,
      sessionId: session.id,
      detail: { reason, by, kind: session.kind },
    });
  return Boolean(ended);
}

/** Not past its idle or absolute limit at `now` (revocation aside). */
export const isLive = (core: SessionCore, session: StoredSession, now = core.clock()) =>
  session.revokedAt === null && expiryReason(session, core.policy, now) === null;

/** Past its idle or absolute limit: ends it (audited) and says which; null while it is within both. */
export async function endIfExpired(core: SessionCore, session: StoredSession, now: number): Promise<"idle" | "absolute" | null> {
  const expired = expiryReason(session, core.policy, now);
  if (expired) await endSession(core, session, { reason: `expired-${expired}` });
  return expired;
}

/**
 * Records a request as use of the session, but at most once per min(60 s, idle/10) (rolling renewal):
 * a busy user costs one write a minute, not one per request. Updates `session` in place.
 */
export async function recordActivity(core: SessionCore, session: StoredSession, now: number): Promise<void> {
  if (!isActivityStale(session.lastSeenAt, core.policy, now)) return;
  await core.store.touch(session.id, now);
  session.lastSeenAt = now;
}

/** The session as a successful rotation left it in the store. */
export function afterRotation(session: StoredSession, rotation: TokenRotation): StoredSession {
  return {
    ...session,
    ...(rotation.rebind ? { ...rotation.rebind, lastMismatch: null } : {}),
    previousTokenHash: session.tokenHash,
    previousTokenGraceUntil: rotation.graceUntil,
    tokenHash: rotation.tokenHash,
    rotatedAt: rotation.rotatedAt,
    lastSeenAt: Math.max(session.lastSeenAt, rotation.rotatedAt),
    elevatedUntil: rotation.elevatedUntil === undefined ? session.elevatedUntil : rotation.elevatedUntil,
  };
}

/**
 * The token that replaced `token`, if `currentHash` is its successor under the current server key
 * or one still configured from another secret (a successor made before a secret rotation is
 * recognised after it). Null for a replacement that was not derived (a privilege change).
 */
export function successorIn(core: SessionCore, token: string, currentHash: string): string | null {
  for (const key of core.successorKeys) {
    const successor = successorToken(token, key);
    if (hashSessionToken(successor) === currentHash) return successor;
  }
  return null;
}

/** The successor a rotation made now gives `token` (derived, so a lost answer can be repeated). */
export const successorOf = (core: SessionCore, token: string) => successorToken(token, core.successorKeys[0]!);

/** A user's sessions that are live by their limits, most recently active first. */
export async function liveSessionsOf(core: SessionCore, userId: string): Promise<StoredSession[]> {
  const now = core.clock();
  return (await core.store.listLive(userId)).filter((s) => isLive(core, s, now));
}
