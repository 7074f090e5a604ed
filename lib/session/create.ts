import { randomUUID } from "node:crypto";
import { endSession, liveSessionsOf, log, type SessionCore } from "./core";
import { planSessionLimit } from "./limits";
import { generateSessionToken, hashSessionToken } from "./token";
import type { Creation, RequestContext, SessionKind, StoredSession } from "./types";

export interface CreateOptions {
  kind?: SessionKind;
  /** the token the sign-in request carried, ended (fixation) */
  presentedToken?: string | null;
  /**
   * An adopted session of another system (lib/adoption): its id and token, derived under a server
   * key from the foreign credential so that parallel requests adopting it agree, and when the
   * foreign session began (the absolute timeout counts from then).
   */
  adopted?: { id: string; token: string; createdAt: number };
  /** a browser or app that had not signed in to this account before (or not for 90 days): the owner is told */
  newDevice?: boolean;
}

/**
 * Signing in: always a fresh token; a session presented with the sign-in request is ended
 * (fixation). At the session limit, the least recently used sessions end to make room
 * (evict-oldest), or the sign-in is refused (reject).
 */
export async function createSession(
  core: SessionCore,
  userId: string,
  ctx: RequestContext,
  options: CreateOptions = {},
): Promise<Creation> {
  const { store, policy } = core;
  if (options.presentedToken) {
    const previous = await store.findByTokenHash(hashSessionToken(options.presentedToken));
    if (previous && previous.revokedAt === null) await endSession(core, previous, { reason: "signed-in-again" });
  }
  const live = await liveSessionsOf(core, userId);
  const plan = planSessionLimit(live, policy);
  if (plan.action === "reject") return { status: "limit-reached", live };

  const token = options.adopted?.token ?? generateSessionToken();
  const session = newSession(userId, hashSessionToken(token), ctx, options.kind ?? "browser", core.clock());
  if (options.adopted) Object.assign(session, { id: options.adopted.id, createdAt: options.adopted.createdAt });
  await store.create(session);
  await log(core, {
    type: "session.created",
    userId,
    sessionId: session.id,
    ipPrefix: ctx.ipPrefix,
    userAgent: session.userAgent,
    detail: { kind: session.kind, ...(options.newDevice === undefined ? {} : { newDevice: options.newDevice }) },
  });

  const by = `session:${session.id}` as const;
  const evicted: StoredSession[] = [];
  for (const s of plan.action === "evict" ? plan.sessions : [])
    if (await endSession(core, s, { reason: "session-limit", by })) evicted.push(s);
  // two sign-ins at once may both have seen room for one more: settle it now that both exist
  const max = policy.maxSessionsPerUser;
  const after = await liveSessionsOf(core, userId);
  if (max > 0 && after.length > max) {
    const others = after.filter((s) => s.id !== session.id);
    if (policy.limitPolicy === "reject") {
      await endSession(core, session, { reason: "session-limit" });
      return { status: "limit-reached", live: others };
    }
    const extra = others.sort((a, b) => a.lastSeenAt - b.lastSeenAt).slice(0, after.length - max);
    for (const s of extra) if (await endSession(core, s, { reason: "session-limit", by })) evicted.push(s);
  }
  return { status: "created", token, session, evicted };
}

/** A session record as it begins: live, on its first token, never elevated. */
export function newSession(userId: string, tokenHash: string, ctx: RequestContext, kind: SessionKind, now: number): StoredSession {
  return {
    id: randomUUID(),
    userId,
    kind,
    tokenHash,
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
}
