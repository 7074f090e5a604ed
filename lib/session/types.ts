import type { RefusalReason, RevokeReason } from "./reasons";

/** What a store keeps about a session. Times are epoch milliseconds; the token is kept only as a hash. */
export type SessionKind = "browser" | "mobile";

export interface StoredSession {
  id: string;
  userId: string;
  kind: SessionKind;
  tokenHash: string;
  previousTokenHash: string | null;
  previousTokenGraceUntil: number | null;
  userAgent: string;
  ipPrefix: string;
  deviceLabel: string;
  createdAt: number;
  lastSeenAt: number;
  rotatedAt: number;
  elevatedUntil: number | null;
  revokedAt: number | null;
  revokedReason: string | null;
  /** the last network/browser mismatch audited for this session (binding), so each is recorded once */
  lastMismatch: string | null;
}

export interface TokenRotation {
  /** compare-and-set: applies only while this is still the current token hash */
  expectedTokenHash: string;
  tokenHash: string;
  rotatedAt: number;
  graceUntil: number;
  /** set to change the elevation (privilege change); leave undefined to keep it */
  elevatedUntil?: number | null;
  /** after a step-up: the network and browser the session is bound to from now on */
  rebind?: { userAgent: string; ipPrefix: string };
}

export type { RevokeReason } from "./reasons";

/**
 * The storage contract every adapter (memory, Prisma/PostgreSQL, Redis-over-Prisma) meets; one shared
 * contract suite (test/support/store-contract.ts) runs against each of them.
 */
export interface SessionStore {
  create(session: StoredSession): Promise<void>;
  /** Finds the session whose current or previous token hash matches. */
  findByTokenHash(tokenHash: string): Promise<StoredSession | null>;
  get(id: string): Promise<StoredSession | null>;
  /** Moves lastSeenAt forward, never back, on a live session; returns the record as updated, or null when nothing changed. */
  touch(id: string, lastSeenAt: number): Promise<StoredSession | null>;
  /**
   * Atomically replaces the token; false when another rotation won or the session is revoked. The
   * replaced token's hash joins the session's spent tokens (see findSpent).
   */
  rotate(id: string, rotation: TokenRotation): Promise<boolean>;
  /**
   * The session a spent token belonged to: any token a rotation replaced, however long ago, so a
   * stolen refresh token or cookie used after its successors is recognised as reuse (RFC 9700 §4.14).
   */
  findSpent(tokenHash: string): Promise<string | null>;
  /**
   * Records `signature` as the session's last audited mismatch unless it already is (compare-and-set);
   * true when it changed, so each mismatch is audited once across instances.
   */
  noteMismatch(id: string, signature: string): Promise<boolean>;
  /** Revokes a live session; returns it as revoked, or null when it was already ended or unknown. */
  revoke(id: string, reason: RevokeReason, at: number): Promise<StoredSession | null>;
  /** Revokes every live session of a user except `exceptId`; returns those ended, as revoked. */
  revokeUser(userId: string, reason: RevokeReason, at: number, exceptId?: string): Promise<StoredSession[]>;
  /** Live (not revoked) sessions of a user, most recently active first. */
  listLive(userId: string): Promise<StoredSession[]>;
  /**
   * Ends up to `limit` live sessions of a kind that are past a limit: created before
   * `absoluteBefore` (reason expired-absolute) or last active before `idleBefore` (expired-idle).
   * A null bound means no such limit. Returns them as revoked.
   */
  revokeExpired(limits: ExpiryLimits, at: number, limit: number): Promise<StoredSession[]>;
}

export interface ExpiryLimits {
  kind: SessionKind;
  idleBefore: number | null;
  absoluteBefore: number | null;
}

export type AuditEventType =
  | "session.created"
  | "session.adopted"
  | "session.rotated"
  | "session.elevated"
  | "session.elevation-dropped"
  | "session.verified"
  | "account.password-changed"
  | "account.password-reset-requested"
  | "account.password-reset"
  | "session.expired-idle"
  | "session.expired-absolute"
  | "session.revoked"
  | "session.reuse-detected"
  | "session.suspicious"
  | "admin.sessions-ended"
  | "admin.account-disabled"
  | "admin.account-enabled"
  | "admin.incident-all-sessions-ended"
  | "login.failed"
  | "login.throttled";

export interface AuditEvent {
  type: AuditEventType;
  userId: string | null;
  sessionId: string | null;
  ipPrefix?: string;
  userAgent?: string;
  detail?: Record<string, string | number | boolean | null>;
  at: number;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}

/** The request a session is created or used from: its browser, and its network only as a prefix. */
export interface RequestContext {
  userAgent: string;
  ipPrefix: string;
  deviceLabel?: string;
}

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

export type Refresh<Answer> =
  | { status: "rotated"; token: string; session: StoredSession; /** built before the old token was spent */ answer: Answer }
  | { status: "refused"; reason: RefusalReason };

export type Creation =
  | { status: "created"; token: string; session: StoredSession; /** ended to stay within the session limit */ evicted: StoredSession[] }
  | { status: "limit-reached"; live: StoredSession[] };

/** Who ended a session, in audit details: itself (sign-out), another of the user's sessions, an admin, or nobody (the system). */
export type EndedBy = "self" | `session:${string}` | `admin:${string}` | null;
