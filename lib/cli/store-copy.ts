import type { Prisma, PrismaClient } from "../db/generated/client";
import { copySessions, copyUsers } from "../session/stores/migration-copy";

/**
 * What `npm run sessions:migrate` copies, table by table, in key order and in batches: each batch
 * is an upsert (or an insert that skips rows already there), so a run repeated or restarted from
 * its checkpoint copies nothing twice wrongly. Sessions and users are copied under the same
 * per-row advisory locks the migrating store takes to mirror a write, so a copy racing a live
 * write can never leave the target behind the old store.
 */
export interface CopyTable {
  name: string;
  count(db: PrismaClient): Promise<number>;
  /** rows with a key up to the cursor (how many a resumed run has copied already) */
  countUpTo(db: PrismaClient, cursor: string): Promise<number>;
  /** copies the next batch after `cursor`; null when there was none */
  copyAfter(
    old: PrismaClient,
    target: PrismaClient,
    cursor: string | null,
    size: number,
  ): Promise<{ copied: number; cursor: string } | null>;
}

const locked = (target: PrismaClient, ids: string[], work: (tx: Prisma.TransactionClient) => Promise<void>) =>
  target.$transaction(
    async (tx) => {
      for (const id of [...ids].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${id}, 0))`;
      await work(tx);
    },
    { timeout: 60_000, maxWait: 10_000 },
  );

const sessionsIn = async (db: PrismaClient, ids: string[]) =>
  new Set((await db.session.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true } })).map((s) => s.id));

/** the users rows events refer to, which a user created after the users were copied may still lack */
const userIdsOf = (rows: { userId: string | null }[]) => rows.map((r) => r.userId).filter((id): id is string => id !== null);

const last = <T>(rows: T[], key: (row: T) => string) => (rows.length ? { copied: rows.length, cursor: key(rows.at(-1)!) } : null);

export const COPY_TABLES: CopyTable[] = [
  {
    name: "users",
    count: (db) => db.user.count(),
    countUpTo: (db, cursor) => db.user.count({ where: { id: { lte: cursor } } }),
    async copyAfter(old, target, cursor, size) {
      const rows = await old.user.findMany({
        where: cursor ? { id: { gt: cursor } } : {},
        orderBy: { id: "asc" },
        take: size,
        select: { id: true },
      });
      const ids = rows.map((r) => r.id);
      if (ids.length) await locked(target, ids, (tx) => copyUsers(old, tx, ids, ids));
      return last(rows, (r) => r.id);
    },
  },
  {
    name: "sessions",
    count: (db) => db.session.count(),
    countUpTo: (db, cursor) => db.session.count({ where: { id: { lte: cursor } } }),
    async copyAfter(old, target, cursor, size) {
      const rows = await old.session.findMany({
        where: cursor ? { id: { gt: cursor } } : {},
        orderBy: { id: "asc" },
        take: size,
        select: { id: true },
      });
      const ids = rows.map((r) => r.id);
      // read again under the locks: what the old store holds then is what the target gets
      if (ids.length) await locked(target, ids, (tx) => copySessions(old, tx, ids).then(() => {}));
      return last(rows, (r) => r.id);
    },
  },
  {
    name: "spent_tokens",
    count: (db) => db.spentToken.count(),
    countUpTo: (db, cursor) => db.spentToken.count({ where: { tokenHash: { lte: cursor } } }),
    async copyAfter(old, target, cursor, size) {
      const rows = await old.spentToken.findMany({
        where: cursor ? { tokenHash: { gt: cursor } } : {},
        orderBy: { tokenHash: "asc" },
        take: size,
      });
      // a token of a session created after the sessions were copied comes with that session's mirror
      const present = await sessionsIn(
        target,
        rows.map((r) => r.sessionId),
      );
      await target.spentToken.createMany({ data: rows.filter((r) => present.has(r.sessionId)), skipDuplicates: true });
      return last(rows, (r) => r.tokenHash);
    },
  },
  {
    name: "signing_keys",
    count: (db) => db.signingKey.count(),
    countUpTo: (db, cursor) => db.signingKey.count({ where: { kid: { lte: cursor } } }),
    async copyAfter(old, target, cursor, size) {
      const rows = await old.signingKey.findMany({ where: cursor ? { kid: { gt: cursor } } : {}, orderBy: { kid: "asc" }, take: size });
      for (const row of rows) {
        const data = { ...row, publicJwk: row.publicJwk as Prisma.InputJsonValue };
        await target.signingKey.upsert({ where: { kid: row.kid }, create: data, update: data });
      }
      return last(rows, (r) => r.kid);
    },
  },
  {
    // other systems' sessions adopted (lib/adoption): a replay must stay refused after the move
    name: "adopted_credentials",
    count: (db) => db.adoptedCredential.count(),
    countUpTo: (db, cursor) => db.adoptedCredential.count({ where: { credentialHash: { lte: cursor } } }),
    async copyAfter(old, target, cursor, size) {
      const rows = await old.adoptedCredential.findMany({
        where: cursor ? { credentialHash: { gt: cursor } } : {},
        orderBy: { credentialHash: "asc" },
        take: size,
      });
      for (const row of rows)
        await target.adoptedCredential.upsert({ where: { credentialHash: row.credentialHash }, create: row, update: row });
      return last(rows, (r) => r.credentialHash);
    },
  },
  {
    name: "audit_events",
    count: (db) => db.auditEvent.count(),
    countUpTo: (db, cursor) => db.auditEvent.count({ where: { id: { lte: BigInt(cursor) } } }),
    async copyAfter(old, target, cursor, size) {
      const rows = await old.auditEvent.findMany({
        where: cursor ? { id: { gt: BigInt(cursor) } } : {},
        orderBy: { id: "asc" },
        take: size,
      });
      await copyUsers(old, target, userIdsOf(rows));
      await target.auditEvent.createMany({
        data: rows.map((r) => ({ ...r, detail: r.detail as Prisma.InputJsonValue })),
        skipDuplicates: true,
      });
      await target.$executeRaw`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), GREATEST((SELECT max(id) FROM audit_events), 1))`;
      return last(rows, (r) => String(r.id));
    },
  },
  {
    name: "consent_records",
    count: (db) => db.consentRecord.count(),
    countUpTo: (db, cursor) => db.consentRecord.count({ where: { id: { lte: BigInt(cursor) } } }),
    async copyAfter(old, target, cursor, size) {
      const rows = await old.consentRecord.findMany({
        where: cursor ? { id: { gt: BigInt(cursor) } } : {},
        orderBy: { id: "asc" },
        take: size,
      });
      await copyUsers(old, target, userIdsOf(rows));
      await target.consentRecord.createMany({ data: rows, skipDuplicates: true });
      await target.$executeRaw`SELECT setval(pg_get_serial_sequence('consent_records', 'id'), GREATEST((SELECT max(id) FROM consent_records), 1))`;
      return last(rows, (r) => String(r.id));
    },
  },
];

/**
 * Tables whose counts must be equal after a copy: the app mirrors sessions and spent tokens as it
 * writes them and adds users and signing keys rarely. Audit events, consent records and adopted
 * credentials it writes to
 * the old database on every sign-in until DATABASE_URL moves, so their counts are shown, not judged.
 */
export const MUST_MATCH = new Set(["users", "sessions", "spent_tokens", "signing_keys"]);
