import type { PrismaClient } from "../db/generated/client";
import type { OutboxDraft } from "./events";

/**
 * The outbox table (PostgreSQL, or the embedded database): rows are claimed with a lease, so that
 * every instance can run a worker and each row is delivered by one of them at a time. A claim is one
 * statement (FOR UPDATE SKIP LOCKED: two instances never take the same row, and neither waits for
 * the other); the lease is the time an instance may take to deliver, and one that dies mid-delivery
 * leaves the row to the next claim after it. The database's clock decides, not the instances'.
 */
export interface OutboxRow {
  id: string;
  channel: "email" | "webhook" | "fanout";
  topic: string;
  userId: string | null;
  sessionId: string | null;
  payload: Record<string, string | number | boolean | null>;
  createdAt: Date;
  attempts: number;
}

/** After this many failed attempts a row is given up (kept, with its last error, for the operator). */
export const MAX_ATTEMPTS = 12;

/** 5 s, 10 s, 20 s … doubling to at most an hour, with a fifth of jitter so a recovering receiver is not hit at once. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (1 + 0.2 * random()));
}

export const outboxData = (drafts: OutboxDraft[]) =>
  drafts.map((d) => ({ channel: d.channel, topic: d.topic, userId: d.userId, sessionId: d.sessionId, payload: d.payload }));

/** Claims up to `limit` rows that are due and not leased, for `leaseMs`. */
export async function claimOutbox(db: PrismaClient, worker: string, leaseMs: number, limit = 10): Promise<OutboxRow[]> {
  const rows = await db.$queryRaw<
    {
      id: string;
      channel: OutboxRow["channel"];
      topic: string;
      user_id: string | null;
      session_id: string | null;
      payload: OutboxRow["payload"];
      created_at: Date;
      attempts: number;
    }[]
  >`
    UPDATE outbox SET locked_until = now() + make_interval(secs => ${leaseMs / 1000}::float8), locked_by = ${worker}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE sent_at IS NULL AND failed_at IS NULL AND available_at <= now() AND (locked_until IS NULL OR locked_until < now())
      ORDER BY available_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, channel, topic, user_id, session_id, payload, created_at, attempts`;
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    topic: r.topic,
    userId: r.user_id,
    sessionId: r.session_id,
    payload: r.payload,
    createdAt: r.created_at,
    attempts: r.attempts,
  }));
}

/** Done: only while the lease is still this worker's (if it ran out, another instance owns the row now). */
export async function completeOutbox(db: PrismaClient, row: OutboxRow, worker: string, note: string | null = null): Promise<boolean> {
  const done = await db.outboxMessage.updateMany({
    where: { id: row.id, lockedBy: worker, sentAt: null },
    data: { sentAt: new Date(), lockedUntil: null, lastError: note },
  });
  return done.count === 1;
}

/** Failed: due again after the back-off, or given up after MAX_ATTEMPTS (or at once when `final`). */
export async function retryOutbox(
  db: PrismaClient,
  row: OutboxRow,
  worker: string,
  error: string,
  final = false,
): Promise<"retry" | "failed"> {
  const giveUp = final || row.attempts >= MAX_ATTEMPTS;
  await db.outboxMessage.updateMany({
    where: { id: row.id, lockedBy: worker, sentAt: null },
    data: {
      lockedUntil: null,
      lastError: error.slice(0, 500),
      ...(giveUp ? { failedAt: new Date() } : { availableAt: new Date(Date.now() + retryDelayMs(row.attempts)) }),
    },
  });
  return giveUp ? "failed" : "retry";
}

/**
 * A fan-out row (the incident switch): one email per enabled account, written idempotently (the key
 * is the fan-out's id and the account's), so a retried fan-out writes none twice.
 */
export async function expandFanout(db: PrismaClient, row: OutboxRow): Promise<number> {
  return db.$executeRaw`
    INSERT INTO outbox (id, channel, topic, user_id, payload, key)
    SELECT gen_random_uuid(), 'email', ${row.topic}, u.id, ${JSON.stringify(row.payload)}::jsonb, ${row.id}::text || ':' || u.id::text
    FROM users u WHERE u.disabled_at IS NULL
    ON CONFLICT (key) DO NOTHING`;
}

/** What is waiting, delivered and given up (health, metrics). */
export async function outboxBacklog(db: PrismaClient): Promise<{ pending: number; failed: number }> {
  const [pending, failed] = await Promise.all([
    db.outboxMessage.count({ where: { sentAt: null, failedAt: null } }),
    db.outboxMessage.count({ where: { failedAt: { not: null } } }),
  ]);
  return { pending, failed };
}
