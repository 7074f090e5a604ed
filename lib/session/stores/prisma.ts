import type { PrismaClient, Session as SessionRow } from "../../db/generated/client";
import type { AuditEvent, AuditLog, ExpiryLimits, SessionStore, StoredSession, TokenRotation } from "../types";

/** PostgreSQL through Prisma: the system of record for sessions and the audit trail. */
export class PrismaSessionStore implements SessionStore {
  constructor(private readonly db: PrismaClient) {}

  async create(s: StoredSession) {
    await this.db.session.create({
      data: {
        id: s.id,
        userId: s.userId,
        kind: s.kind,
        tokenHash: s.tokenHash,
        previousTokenHash: s.previousTokenHash,
        previousTokenGraceUntil: date(s.previousTokenGraceUntil),
        userAgent: s.userAgent,
        ipPrefix: s.ipPrefix,
        deviceLabel: s.deviceLabel,
        createdAt: new Date(s.createdAt),
        lastSeenAt: new Date(s.lastSeenAt),
        rotatedAt: new Date(s.rotatedAt),
        elevatedUntil: date(s.elevatedUntil),
        revokedAt: date(s.revokedAt),
        revokedReason: s.revokedReason,
        lastMismatch: s.lastMismatch,
      },
    });
  }

  async findByTokenHash(tokenHash: string) {
    const row = await this.db.session.findFirst({
      where: { OR: [{ tokenHash }, { previousTokenHash: tokenHash }] },
    });
    return row ? toStored(row) : null;
  }

  async get(id: string) {
    const row = await this.db.session.findUnique({ where: { id } });
    return row ? toStored(row) : null;
  }

  async touch(id: string, lastSeenAt: number) {
    const [row] = await this.db.session.updateManyAndReturn({
      where: { id, revokedAt: null, lastSeenAt: { lt: new Date(lastSeenAt) } },
      data: { lastSeenAt: new Date(lastSeenAt) },
    });
    return row ? toStored(row) : null;
  }

  async rotate(id: string, r: TokenRotation) {
    // compare-and-set on the current hash: of two concurrent rotations exactly one matches
    const { count } = await this.db.session.updateMany({
      where: { id, tokenHash: r.expectedTokenHash, revokedAt: null },
      data: {
        previousTokenHash: r.expectedTokenHash,
        previousTokenGraceUntil: new Date(r.graceUntil),
        tokenHash: r.tokenHash,
        rotatedAt: new Date(r.rotatedAt),
        ...(r.elevatedUntil !== undefined ? { elevatedUntil: date(r.elevatedUntil) } : {}),
        ...(r.rebind ? { ...r.rebind, lastMismatch: null } : {}),
      },
    });
    if (count !== 1) return false;
    await this.db.spentToken.createMany({
      data: [{ tokenHash: r.expectedTokenHash, sessionId: id, spentAt: new Date(r.rotatedAt) }],
      skipDuplicates: true,
    });
    // the rotation counts as activity, but through touch so lastSeenAt never moves backwards
    await this.touch(id, r.rotatedAt);
    return true;
  }

  async findSpent(tokenHash: string) {
    const row = await this.db.spentToken.findUnique({ where: { tokenHash }, select: { sessionId: true } });
    return row?.sessionId ?? null;
  }

  async noteMismatch(id: string, signature: string) {
    const { count } = await this.db.session.updateMany({
      where: { id, revokedAt: null, OR: [{ lastMismatch: null }, { lastMismatch: { not: signature } }] },
      data: { lastMismatch: signature },
    });
    return count === 1;
  }

  // Both return the rows as they are after the update (UPDATE … RETURNING), never a copy read
  // earlier: a rotation in between would leave its new token out of what the caller invalidates.
  async revoke(id: string, reason: string, at: number) {
    const [row] = await this.db.session.updateManyAndReturn({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date(at), revokedReason: reason },
    });
    return row ? toStored(row) : null;
  }

  async revokeUser(userId: string, reason: string, at: number, exceptId?: string) {
    const rows = await this.db.session.updateManyAndReturn({
      where: { userId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
      data: { revokedAt: new Date(at), revokedReason: reason },
    });
    return rows.map(toStored);
  }

  async revokeExpired({ kind, idleBefore, absoluteBefore }: ExpiryLimits, at: number, limit: number) {
    const end = (past: { createdAt: { lt: Date } } | { lastSeenAt: { lt: Date } }, reason: string, take: number) =>
      take > 0
        ? this.db.session.updateManyAndReturn({
            where: { kind, revokedAt: null, ...past },
            data: { revokedAt: new Date(at), revokedReason: reason },
            limit: take,
          })
        : Promise.resolve([]);
    const absolute = absoluteBefore === null ? [] : await end({ createdAt: { lt: new Date(absoluteBefore) } }, "expired-absolute", limit);
    const idle =
      idleBefore === null ? [] : await end({ lastSeenAt: { lt: new Date(idleBefore) } }, "expired-idle", limit - absolute.length);
    return [...absolute, ...idle].map(toStored);
  }

  /**
   * For repairing a cache: sessions ended since `endedSince` or (when given) used since `usedSince`,
   * and tokens spent since `endedSince`; `complete` is false when more than `limit` of either.
   */
  async changedSince({ endedSince, usedSince }: { endedSince: number; usedSince: number | null }, limit: number) {
    const since = new Date(endedSince);
    const changed = [
      { revokedAt: { gte: since } },
      ...(usedSince === null ? [] : [{ revokedAt: null, lastSeenAt: { gte: new Date(usedSince) } }]),
    ];
    const [sessions, spent] = await Promise.all([
      this.db.session.findMany({ where: { OR: changed }, take: limit + 1 }),
      this.db.spentToken.findMany({ where: { spentAt: { gte: since } }, select: { tokenHash: true }, take: limit + 1 }),
    ]);
    return {
      sessions: sessions.slice(0, limit).map(toStored),
      spentTokenHashes: spent.slice(0, limit).map((t) => t.tokenHash),
      complete: sessions.length <= limit && spent.length <= limit,
    };
  }

  async listLive(userId: string) {
    const rows = await this.db.session.findMany({ where: { userId, revokedAt: null }, orderBy: { lastSeenAt: "desc" } });
    return rows.map(toStored);
  }
}

/** A row for the outbox (lib/notify/outbox.ts) that an audit event causes: a message, a webhook. */
export interface OutboxWrite {
  channel: string;
  topic: string;
  userId: string | null;
  sessionId: string | null;
  payload: Record<string, string | number | boolean | null>;
}

export interface AuditLogOptions {
  /** the messages an event causes, written in the same transaction as the event */
  outbox?: (event: AuditEvent) => OutboxWrite[];
  /** called after an event wrote outbox rows (the local worker delivers them at once) */
  onQueued?: () => void;
}

export class PrismaAuditLog implements AuditLog {
  constructor(
    private readonly db: PrismaClient,
    private readonly options: AuditLogOptions = {},
  ) {}

  async record(e: AuditEvent) {
    const outbox = this.options.outbox?.(e) ?? [];
    if (outbox.length === 0) {
      await this.db.auditEvent.create({
        data: {
          type: e.type,
          userId: e.userId,
          sessionId: e.sessionId,
          ipPrefix: e.ipPrefix ?? "",
          userAgent: (e.userAgent ?? "").slice(0, 512),
          detail: e.detail ?? {},
          createdAt: new Date(e.at),
        },
      });
      return;
    }
    // one statement, so atomic on every database (the embedded one serves its connections through
    // one session, where an explicit transaction could interleave): no event without its messages,
    // and no message for an event that was not recorded
    const detail = JSON.stringify(e.detail ?? {});
    const rows = JSON.stringify(outbox.map((o) => ({ ...o, user_id: o.userId, session_id: o.sessionId })));
    await this.db.$executeRaw`
      WITH event AS (
        INSERT INTO audit_events (type, user_id, session_id, ip_prefix, user_agent, detail, created_at)
        VALUES (${e.type}, ${e.userId}::uuid, ${e.sessionId}::uuid, ${e.ipPrefix ?? ""}, ${(e.userAgent ?? "").slice(0, 512)}, ${detail}::jsonb, ${new Date(e.at)})
        RETURNING id
      )
      INSERT INTO outbox (id, channel, topic, user_id, session_id, payload)
      SELECT gen_random_uuid(), o.channel, o.topic, o.user_id, o.session_id, o.payload
      FROM event, jsonb_to_recordset(${rows}::jsonb) AS o(channel text, topic text, user_id uuid, session_id uuid, payload jsonb)`;
    this.options.onQueued?.();
  }
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));
const ms = (d: Date | null) => (d === null ? null : d.getTime());

function toStored(row: SessionRow): StoredSession {
  return {
    id: row.id,
    userId: row.userId,
    kind: row.kind,
    tokenHash: row.tokenHash,
    previousTokenHash: row.previousTokenHash,
    previousTokenGraceUntil: ms(row.previousTokenGraceUntil),
    userAgent: row.userAgent,
    ipPrefix: row.ipPrefix,
    deviceLabel: row.deviceLabel,
    createdAt: row.createdAt.getTime(),
    lastSeenAt: row.lastSeenAt.getTime(),
    rotatedAt: row.rotatedAt.getTime(),
    elevatedUntil: ms(row.elevatedUntil),
    revokedAt: ms(row.revokedAt),
    revokedReason: row.revokedReason,
    lastMismatch: row.lastMismatch,
  };
}
