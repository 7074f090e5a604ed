import { checkBinding } from "./binding";
import { endIfExpired, endSession, log, recordActivity, type SessionCore } from "./core";
import { refusalFor } from "./reasons";
import { hashSessionToken } from "./token";
import type { RequestContext, StoredSession, Validation } from "./types";

export interface ValidateOptions {
  /** the request is use of the session (status polling passes false, so it never keeps one alive) */
  activity: boolean;
  /** the request's browser and network, checked against the session's (binding) */
  context?: RequestContext;
}

/**
 * Checks a presented token against the store: revoked, replaced (reuse after the grace window is
 * treated as theft and ends the session), absolute and idle expiry, and, given the request's
 * context, binding. A replaced token inside its grace window keeps a page working, but with no
 * privilege: it neither runs a sensitive action nor reports an elevation (invariant 17).
 */
export async function validateSessionToken(core: SessionCore, token: string, options: ValidateOptions): Promise<Validation> {
  const checked = await inspectSessionToken(core, token, options);
  return checked.ok && checked.superseded ? { ...checked, session: { ...checked.session, elevatedUntil: null } } : checked;
}

/** validateSessionToken, with the stored session as it is (rotation needs its real elevation). */
export async function inspectSessionToken(core: SessionCore, token: string, { activity, context }: ValidateOptions): Promise<Validation> {
  const tokenHash = hashSessionToken(token);
  const session = await core.store.findByTokenHash(tokenHash);
  if (!session) return refuseSpent(core, tokenHash);
  if (session.revokedAt !== null) return { ok: false, reason: refusalFor(session.revokedReason) };
  const now = core.clock();
  const superseded = session.tokenHash !== tokenHash;
  if (superseded && now > (session.previousTokenGraceUntil ?? 0)) {
    await endSession(core, session, { reason: "token-reuse" });
    return { ok: false, reason: "reused" };
  }
  const expired = await endIfExpired(core, session, now);
  if (expired) return { ok: false, reason: expired };
  const binding = context ? await bindingDecision(core, session, context) : "ok";
  if (binding === "revoke") {
    await endSession(core, session, { reason: "hijack-suspected" });
    return { ok: false, reason: "hijack" };
  }
  const stepUp = binding === "step-up";
  // an unverified request is not served, so it does not count as activity either
  if (activity && !stepUp) await recordActivity(core, session, now);
  return { ok: true, session, superseded, stepUp };
}

/**
 * The request's browser and network against the session's: what the policy says to do about a
 * difference (ok, log, step-up, revoke). Each distinct mismatch is audited once across instances
 * (compare-and-set in the store).
 */
async function bindingDecision(core: SessionCore, session: StoredSession, context: RequestContext) {
  const binding = checkBinding(session, context, core.policy);
  if (!binding.signature || binding.decision === "ok" || binding.decision === "off") return "ok";
  if (await core.store.noteMismatch(session.id, binding.signature)) {
    const detail = Object.fromEntries(
      binding.mismatches.flatMap((m) => [
        [`${m.signal}.expected`, m.expected],
        [`${m.signal}.actual`, m.actual],
      ]),
    );
    await log(core, {
      type: "session.suspicious",
      userId: session.userId,
      sessionId: session.id,
      ...context,
      detail: { ...detail, action: binding.decision },
    });
  }
  return binding.decision;
}

/**
 * A token no session holds: unknown, or spent two or more rotations ago. A spent one is a stolen
 * copy being replayed (its owner has moved on): the session it belonged to ends.
 */
async function refuseSpent(core: SessionCore, tokenHash: string): Promise<Validation> {
  const sessionId = await core.store.findSpent(tokenHash);
  const session = sessionId ? await core.store.get(sessionId) : null;
  if (!session) return { ok: false, reason: "unknown" };
  if (session.revokedAt === null) await endSession(core, session, { reason: "token-reuse" });
  return { ok: false, reason: "reused" };
}

/**
 * A session by id, for bearer access tokens (which name their session): refused once it is revoked
 * or past its limits, so ending a device takes effect on the app's very next call.
 */
export async function checkSession(core: SessionCore, sessionId: string, { activity }: { activity: boolean }): Promise<Validation> {
  const session = await core.store.get(sessionId);
  if (!session) return { ok: false, reason: "unknown" };
  if (session.revokedAt !== null) return { ok: false, reason: refusalFor(session.revokedReason) };
  const now = core.clock();
  const expired = await endIfExpired(core, session, now);
  if (expired) return { ok: false, reason: expired };
  if (activity) await recordActivity(core, session, now);
  return { ok: true, session, superseded: false, stepUp: false };
}
