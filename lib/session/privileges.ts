import { log, type SessionCore } from "./core";
import { rotateSessionToken } from "./rotate";
import type { RequestContext } from "./types";

/**
 * Privilege changes: each one regenerates the token (a random one: the replaced token keeps its
 * short grace, unprivileged) and writes an audit event. The caller has checked the password; these
 * only change the session.
 */

/** Elevation (sudo mode): a short window of its own, which never moves idle or absolute expiry. */
export async function elevateSession(core: SessionCore, token: string, context: RequestContext) {
  const until = core.clock() + core.policy.elevationTtlMs;
  const rotation = await rotateSessionToken(core, token, { force: true, elevatedUntil: until, context });
  if (rotation.status === "rotated") {
    await log(core, {
      type: "session.elevated",
      userId: rotation.session.userId,
      sessionId: rotation.session.id,
      ...context,
      detail: { until },
    });
  }
  return rotation;
}

/** Leaving elevation early, from the elevation indicator. */
export async function dropElevation(core: SessionCore, token: string, context: RequestContext) {
  const rotation = await rotateSessionToken(core, token, { force: true, elevatedUntil: null, context });
  if (rotation.status === "rotated")
    await log(core, { type: "session.elevation-dropped", userId: rotation.session.userId, sessionId: rotation.session.id });
  return rotation;
}

/** A request from another browser or network passed a step-up: the session is bound to it from now on. */
export async function verifySession(core: SessionCore, token: string, context: RequestContext) {
  const rebind = { userAgent: context.userAgent.slice(0, 512), ipPrefix: context.ipPrefix };
  const rotation = await rotateSessionToken(core, token, { force: true, rebind });
  if (rotation.status === "rotated")
    await log(core, { type: "session.verified", userId: rotation.session.userId, sessionId: rotation.session.id, ...context });
  return rotation;
}
