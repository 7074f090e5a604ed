import type { AuditEvent, AuditLog, ExpiryLimits, SessionStore, StoredSession } from "../types";

/**
 * In-process store: the reference behaviour for the contract suite and the store behind the core's
 * unit tests. Not for production (nothing is shared between instances or kept across restarts).
 */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StoredSession>();
  private readonly spent = new Map<string, string>();

  async create(session: StoredSession) {
    this.sessions.set(session.id, { ...session });
  }

  async findByTokenHash(tokenHash: string) {
    for (const s of this.sessions.values()) {
      if (s.tokenHash === tokenHash || s.previousTokenHash === tokenHash) return { ...s };
    }
    return null;
  }

  async findSpent(tokenHash: string) {
    return this.spent.get(tokenHash) ?? null;
  }

  async get(id: string) {
    const s = this.sessions.get(id);
    return s ? { ...s } : null;
  }

  async touch(id: string, lastSeenAt: number) {
    const s = this.sessions.get(id);
    if (!s || s.revokedAt !== null || lastSeenAt <= s.lastSeenAt) return null;
    s.lastSeenAt = lastSeenAt;
    return { ...s };
  }

  async rotate(id: string, r: Parameters<SessionStore["rotate"]>[1]) {
    const s = this.sessions.get(id);
    if (!s || s.revokedAt !== null || s.tokenHash !== r.expectedTokenHash) return false;
    this.spent.set(r.expectedTokenHash, id);
    s.previousTokenHash = s.tokenHash;
    s.previousTokenGraceUntil = r.graceUntil;
    s.tokenHash = r.tokenHash;
    s.rotatedAt = r.rotatedAt;
    s.lastSeenAt = Math.max(s.lastSeenAt, r.rotatedAt);
    if (r.elevatedUntil !== undefined) s.elevatedUntil = r.elevatedUntil;
    if (r.rebind) Object.assign(s, r.rebind, { lastMismatch: null });
    return true;
  }

  async noteMismatch(id: string, signature: string) {
    const s = this.sessions.get(id);
    if (!s || s.revokedAt !== null || s.lastMismatch === signature) return false;
    s.lastMismatch = signature;
    return true;
  }

  async revoke(id: string, reason: string, at: number) {
    const s = this.sessions.get(id);
    if (!s || s.revokedAt !== null) return null;
    s.revokedAt = at;
    s.revokedReason = reason;
    return { ...s };
  }

  async revokeUser(userId: string, reason: string, at: number, exceptId?: string) {
    const ended: StoredSession[] = [];
    for (const s of this.sessions.values()) {
      if (s.userId !== userId || s.id === exceptId || s.revokedAt !== null) continue;
      s.revokedAt = at;
      s.revokedReason = reason;
      ended.push({ ...s });
    }
    return ended;
  }

  async revokeExpired({ kind, idleBefore, absoluteBefore }: ExpiryLimits, at: number, limit: number) {
    const ended: StoredSession[] = [];
    for (const s of this.sessions.values()) {
      if (ended.length >= limit) break;
      if (s.kind !== kind || s.revokedAt !== null) continue;
      const reason =
        absoluteBefore !== null && s.createdAt < absoluteBefore
          ? "expired-absolute"
          : idleBefore !== null && s.lastSeenAt < idleBefore
            ? "expired-idle"
            : null;
      if (!reason) continue;
      s.revokedAt = at;
      s.revokedReason = reason;
      ended.push({ ...s });
    }
    return ended;
  }

  async listLive(userId: string) {
    return [...this.sessions.values()]
      .filter((s) => s.userId === userId && s.revokedAt === null)
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt)
      .map((s) => ({ ...s }));
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly events: AuditEvent[] = [];
  async record(event: AuditEvent) {
    this.events.push(event);
  }
}
