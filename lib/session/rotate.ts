import { afterRotation, endSession, log, successorIn, successorOf, type SessionCore } from "./core";
import { refusalFor } from "./reasons";
import { isRotationDue } from "./timeouts";
import { generateSessionToken, hashSessionToken } from "./token";
import type { Refresh, RequestContext, Rotation, StoredSession, TokenRotation } from "./types";
import { inspectSessionToken } from "./validate";

export interface RotateOptions {
  /** rotate now, due or not (a privilege change) */
  force?: boolean;
  elevatedUntil?: number | null;
  /** the request asking; binding is checked against it */
  context?: RequestContext;
  /** the request passed a step-up: bind the session to its browser and network */
  rebind?: TokenRotation["rebind"];
}

/**
 * Replaces the token (compare-and-set on the current one) and records it: the session as it is
 * now, or null when another rotation won or the session ended meanwhile.
 */
async function replaceToken(
  core: SessionCore,
  session: StoredSession,
  tokenHash: string,
  change: Pick<TokenRotation, "elevatedUntil" | "rebind"> & { detail: Record<string, string | boolean> },
): Promise<StoredSession | null> {
  const now = core.clock();
  const rotation: TokenRotation = {
    expectedTokenHash: session.tokenHash,
    tokenHash,
    rotatedAt: now,
    graceUntil: now + core.policy.rotationGraceMs,
    elevatedUntil: change.elevatedUntil,
    rebind: change.rebind,
  };
  if (!(await core.store.rotate(session.id, rotation))) return null;
  await log(core, { type: "session.rotated", userId: session.userId, sessionId: session.id, detail: change.detail });
  return afterRotation(session, rotation);
}

/**
 * Replaces the token when the renewal interval has passed (or at once with `force`, for privilege
 * changes). Concurrent callers presenting the same token get one winner; the others are told the
 * token was superseded and keep working inside the grace window. A replaced token presented inside
 * that window is handed its successor again (the response that carried it may have been lost).
 */
export async function rotateSessionToken(core: SessionCore, token: string, options: RotateOptions = {}): Promise<Rotation> {
  const checked = await inspectSessionToken(core, token, { activity: true, context: options.rebind ? undefined : options.context });
  if (!checked.ok) return { status: "refused", reason: checked.reason };
  const { session } = checked;
  // binding first: a request still to pass a step-up gets no fresh token, not even a grace answer
  if (checked.stepUp) return { status: "not-due", session };
  if (checked.superseded) {
    // only the direct successor of a renewal: after two rotations, or after a privilege change
    // (whose token is random), the presented token gets nothing new
    const successor = successorIn(core, token, session.tokenHash);
    if (!successor) return { status: "superseded", session: { ...session, elevatedUntil: null } };
    return options.force ? rotateSessionToken(core, successor, options) : { status: "rotated", token: successor, session };
  }
  if (!options.force && !isRotationDue(session.rotatedAt, core.policy, core.clock())) return { status: "not-due", session };
  // A renewal's successor is derived, so a lost response can be repeated; a privilege change's is
  // random, so the token it replaced can never be handed the privilege (invariant 17)
  const next = options.force ? generateSessionToken() : successorOf(core, token);
  const updated = await replaceToken(core, session, hashSessionToken(next), {
    elevatedUntil: options.elevatedUntil,
    rebind: options.rebind,
    detail: { forced: Boolean(options.force) },
  });
  if (updated) return { status: "rotated", token: next, session: updated };
  const current = await core.store.get(session.id);
  if (!current || current.revokedAt !== null) return { status: "refused", reason: "revoked" };
  return { status: "superseded", session: current };
}

/**
 * A native app's refresh (RFC 9700 §4.14, refresh token rotation): every use spends the token and
 * returns its successor. A retry inside the grace window (the response was lost) gets the same
 * successor again, and so do parallel uses: one compare-and-set wins, the others find the winner's
 * token, which is the same HMAC-derived successor. A spent token after the window, or any token
 * from further back, ends the session (validate.ts). Nothing is spent before `answer` (the access
 * token the app gets back) is built: were that to fail, the app retries with the same token
 * instead of being taken for a thief later.
 */
export async function refreshSession<Answer = undefined>(
  core: SessionCore,
  token: string,
  answer: (session: StoredSession) => Promise<Answer> = async () => undefined as Answer,
): Promise<Refresh<Answer>> {
  const checked = await inspectSessionToken(core, token, { activity: true });
  if (!checked.ok) return { status: "refused", reason: checked.reason };
  const { session } = checked;
  if (session.kind !== "mobile") return { status: "refused", reason: "unknown" };
  if (checked.superseded) {
    const again = successorIn(core, token, session.tokenHash);
    return again ? { status: "rotated", token: again, session, answer: await answer(session) } : { status: "refused", reason: "reused" };
  }
  const built = await answer(session);
  const successor = successorOf(core, token);
  const updated = await replaceToken(core, session, hashSessionToken(successor), { detail: { kind: "mobile" } });
  if (updated) return { status: "rotated", token: successor, session: updated, answer: built };
  // A parallel refresh won: it stored this same successor, and this token is its replaced one,
  // inside the grace window. Anything else means the token was spent earlier and only looked
  // current (a stale cached copy): that is reuse, and the session ends.
  const current = await core.store.get(session.id);
  if (!current || current.revokedAt !== null) return { status: "refused", reason: current ? refusalFor(current.revokedReason) : "revoked" };
  const winner = successorIn(core, token, current.tokenHash);
  const parallel =
    winner !== null && current.previousTokenHash === hashSessionToken(token) && core.clock() <= (current.previousTokenGraceUntil ?? 0);
  if (parallel) return { status: "rotated", token: winner, session: current, answer: built };
  await endSession(core, current, { reason: "token-reuse" });
  return { status: "refused", reason: "reused" };
}
