import type { SessionPolicy } from "./policy";
import { endings } from "./endings";
import { lifecycle } from "./lifecycle";
import { privileges } from "./privileges";
import { expiryReason } from "./timeouts";
import type { AuditEvent, AuditLog, RevokeReason, SessionStore, StoredSession } from "./types";

/**
 * The session service: create, validate, rotate, elevate, end and list sessions. Framework-free: the
 * store, the audit log, the policy and the clock are injected, so every timeout edge is unit-tested
 * with a fake clock. The work is split by concern (lifecycle, privileges, endings) over one core.
 */
export interface SessionServiceDeps {
  store: SessionStore;
  audit: AuditLog;
  policy: SessionPolicy;
  /** server key for rotated tokens (see successorToken); the same on every instance */
  successorKey: Uint8Array;
  clock?: () => number;
}

/** The request a session is created or used from: its browser, and its network only as a prefix. */
export interface RequestContext {
  userAgent: string;
  ipPrefix: string;
  deviceLabel?: string;
}

export type RefusalReason = "unknown" | "revoked" | "idle" | "absolute" | "reused" | "hijack";

export type Validation =
  | {
      ok: true;
      session: StoredSession;
      /** presented the replaced token inside its grace window */
      superseded: boolean;
      /** the request comes from another browser (or network) than the session: ask for the password */
      stepUp: boolean;
    }
  | { ok: false; reason: RefusalReason };

export type Rotation =
  | { status: "rotated"; token: string; session: StoredSession }
  | { status: "not-due" | "superseded"; session: StoredSession }
  | { status: "refused"; reason: RefusalReason };

/** Who ended a session, in audit details: itself (sign-out), another of the user's sessions, an admin, or nobody (the system). */
export type EndedBy = "self" | `session:${string}` | `admin:${string}` | null;

/** What the service's parts share. */
export interface SessionCore {
  store: SessionStore;
  policy: SessionPolicy;
  successorKey: Uint8Array;
  clock: () => number;
  log(event: Omit<AuditEvent, "at">): Promise<void>;
  /** Ends a live session with its audit event; false when it had already ended. */
  end(session: StoredSession, reason: RevokeReason, type: AuditEvent["type"], by: EndedBy): Promise<boolean>;
  /** Not past its idle or absolute limit at `now` (revocation aside). */
  isLive(session: StoredSession, now: number): boolean;
}

export type SessionService = ReturnType<typeof createSessionService>;

export function createSessionService({ store, audit, policy, successorKey, clock = Date.now }: SessionServiceDeps) {
  const log: SessionCore["log"] = (event) => audit.record({ ...event, at: clock() });
  const core: SessionCore = {
    store,
    policy,
    successorKey,
    clock,
    log,
    async end(session, reason, type, by) {
      const ended = await store.revoke(session.id, reason, clock());
      if (ended) await log({ type, userId: session.userId, sessionId: session.id, detail: { reason, by, kind: session.kind } });
      return Boolean(ended);
    },
    isLive: (session, now) => session.revokedAt === null && expiryReason(session, policy, now) === null,
  };
  const life = lifecycle(core);
  return { policy, ...life, ...privileges(core, life), ...endings(core) };
}
