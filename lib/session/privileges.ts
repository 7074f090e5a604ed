import type { lifecycle } from "./lifecycle";
import type { RequestContext, SessionCore } from "./service";

/**
 * Privilege changes: each one regenerates the token (the old one keeps its short grace) and writes
 * an audit event. The caller has checked the password; these only change the session.
 */
export function privileges(core: SessionCore, { rotateSessionToken }: ReturnType<typeof lifecycle>) {
  /** Elevation (sudo mode): a short window of its own, which never moves idle or absolute expiry. */
  async function elevateSession(token: string, context: RequestContext) {
    const until = core.clock() + core.policy.elevationTtlMs;
    const rotation = await rotateSessionToken(token, { force: true, elevatedUntil: until, context });
    if (rotation.status === "rotated") {
      await core.log({ type: "session.elevated", userId: rotation.session.userId, sessionId: rotation.session.id, ...context, detail: { until } });
    }
    return rotation;
  }

  /** Leaving elevation early, from the elevation indicator. */
  async function dropElevation(token: string, context: RequestContext) {
    const rotation = await rotateSessionToken(token, { force: true, elevatedUntil: null, context });
    if (rotation.status === "rotated") {
      await core.log({ type: "session.elevation-dropped", userId: rotation.session.userId, sessionId: rotation.session.id });
    }
    return rotation;
  }

  /** A request from another browser or network passed a step-up: the session is bound to it from now on. */
  async function verifySession(token: string, context: RequestContext) {
    const rotation = await rotateSessionToken(token, { force: true, rebind: { userAgent: context.userAgent.slice(0, 512), ipPrefix: context.ipPrefix } });
    if (rotation.status === "rotated") {
      await core.log({ type: "session.verified", userId: rotation.session.userId, sessionId: rotation.session.id, ...context });
    }
    return rotation;
  }

  return { elevateSession, dropElevation, verifySession };
}
