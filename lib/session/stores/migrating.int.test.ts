import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db/connection";
import type { StoredSession } from "../types";
import {
  createUsers,
  deleteUsers,
  freshDatabase,
  openEmbeddedDatabase,
  TEST_REDIS_URL,
  testDatabaseUrl,
} from "../../../test/support/databases";
import { describeSessionStoreContract } from "../../../test/support/store-contract";
import { storedSession } from "../../../test/support/sessions";
import { MigratingSessionStore, MigrationWriteError, migrationBucket, type MigratingStoreOptions } from "./migrating";
import { MigrationMonitor } from "./migration-monitor";
import type { MigrationPhase } from "./migration-variables";
import { PrismaSessionStore } from "./prisma";
import { RedisCachedSessionStore } from "./redis";

/**
 * The store that moves sessions between two databases with them live: the shared contract in every
 * phase, then what each phase promises (writes reach the target, dual sees a difference, switch
 * splits reads by a stable hash, a rollback loses nothing, done ignores the old store, a refused
 * write is never lost silently), on two real PostgreSQL databases and on the embedded PGlite.
 */
let old: Database;
let target: Database;

beforeAll(async () => {
  old = await openDatabase(await freshDatabase(testDatabaseUrl("session_migration_old")));
  target = await openDatabase(await freshDatabase(testDatabaseUrl("session_migration_target")));
});
afterAll(async () => {
  await old?.close();
  await target?.close();
});

const hash = () => createHash("sha256").update(randomUUID()).digest("hex");

/** A migrating store over the two databases, with what it reported. */
function migrating(phase: MigrationPhase, percent = 0, over: Partial<MigratingStoreOptions> = {}) {
  const seen = { reads: { old: 0, target: 0 }, mismatches: [] as { fields: string[] }[], errors: [] as unknown[] };
  const monitor = new MigrationMonitor();
  const store = new MigratingSessionStore({
    phase,
    percent,
    old: old.prisma,
    target: target.prisma,
    monitor,
    onRead: (s) => seen.reads[s]++,
    onMismatch: (m) => seen.mismatches.push(m),
    onWriteFailed: (e) => seen.errors.push(e),
    onError: (e) => seen.errors.push(e),
    ...over,
  });
  return { store, seen, monitor };
}

for (const [phase, percent] of [
  ["shadow", 0],
  ["dual", 0],
  ["switch", 50],
  ["done", 0],
] as const) {
  describeSessionStoreContract(
    `migrating from PostgreSQL to PostgreSQL, ${phase}${phase === "switch" ? ` at ${percent}%` : ""}`,
    async () => {
      const users = await createUsers(old.prisma, 2);
      const { store, seen } = migrating(phase, percent);
      return {
        store,
        users: users as [string, string],
        async cleanup() {
          await deleteUsers(old.prisma, users);
          await deleteUsers(target.prisma, users);
          // with a healthy target nothing may differ or fail, or the phase would only be half tested
          expect(seen.mismatches).toEqual([]);
          expect(seen.errors).toEqual([]);
        },
      };
    },
  );
}

describe("under the Redis hot copy, as a deployment with Redis runs it", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => {
    redis?.disconnect();
  });
  describeSessionStoreContract("Redis cache over the migrating store, switch at 50%", async () => {
    const users = await createUsers(old.prisma, 2);
    const { store, seen } = migrating("switch", 50);
    const errors: unknown[] = [];
    const hot = new RedisCachedSessionStore(store, redis, { keyPrefix: `migrating:${randomUUID()}:`, onError: (e) => errors.push(e) });
    return {
      store: hot,
      users: users as [string, string],
      async cleanup() {
        await deleteUsers(old.prisma, users);
        await deleteUsers(target.prisma, users);
        expect([...errors, ...seen.errors, ...seen.mismatches]).toEqual([]);
      },
    };
  });
});

describe("migration phases", () => {
  const oldStore = () => new PrismaSessionStore(old.prisma);
  const targetStore = () => new PrismaSessionStore(target.prisma);
  let userId: string;
  const session = (over: Partial<StoredSession> = {}) => storedSession(randomUUID(), Date.now(), { userId, ...over });

  beforeAll(async () => {
    [userId] = (await createUsers(old.prisma, 1)) as [string];
  });

  it("shadow: the old store answers, and every write reaches the target exactly, with its user and spent tokens", async () => {
    const { store, seen } = migrating("shadow");
    const s = session();
    await store.create(s);
    expect(await target.prisma.user.findUnique({ where: { id: userId } })).toEqual(
      await old.prisma.user.findUnique({ where: { id: userId } }),
    );
    const next = hash();
    expect(
      await store.rotate(s.id, {
        expectedTokenHash: s.tokenHash,
        tokenHash: next,
        rotatedAt: s.createdAt + 1_000,
        graceUntil: s.createdAt + 11_000,
      }),
    ).toBe(true);
    await store.noteMismatch(s.id, "ua:Firefox|Linux|desktop");
    await store.revoke(s.id, "signed-out", s.createdAt + 2_000);
    expect(await targetStore().get(s.id)).toEqual(await oldStore().get(s.id));
    expect(await targetStore().get(s.id)).toMatchObject({
      tokenHash: next,
      revokedReason: "signed-out",
      lastMismatch: "ua:Firefox|Linux|desktop",
    });
    expect(await targetStore().findSpent(s.tokenHash)).toBe(s.id);
    seen.reads = { old: 0, target: 0 };
    await store.findByTokenHash(next);
    expect(seen.reads).toEqual({ old: 1, target: 0 });
  });

  it("dual: answers from the old store, and logs and counts a difference planted in the target (mismatch)", async () => {
    const { store, seen, monitor } = migrating("dual");
    const s = session();
    await store.create(s);
    expect(await store.findByTokenHash(s.tokenHash)).toEqual(s);
    expect(seen.mismatches).toEqual([]);
    expect(monitor.reasons()).toEqual([]);

    // a revocation that reached only the target, as a lost or misapplied write would leave it
    await target.prisma.session.update({ where: { id: s.id }, data: { revokedAt: new Date(), revokedReason: "admin" } });
    expect(await store.findByTokenHash(s.tokenHash)).toEqual(s);
    expect(seen.mismatches).toEqual([
      expect.objectContaining({ operation: "findByTokenHash", sessionId: s.id, fields: ["revokedAt", "revokedReason"] }),
    ]);
    expect(monitor.reasons()).toEqual([expect.stringContaining("mismatches: 1")]);
    expect(seen.reads.target).toBeGreaterThan(0);
  });

  it("switch at 50%: reads some sessions from each store, by a stable hash of the token hash", async () => {
    const { store, seen } = migrating("switch", 50);
    const sessions = Array.from({ length: 40 }, () => session());
    for (const s of sessions) await store.create(s);
    // marks every target copy, so an answer tells which store gave it
    await target.prisma.session.updateMany({ where: { id: { in: sessions.map((s) => s.id) } }, data: { deviceLabel: "from the target" } });
    const answeredBy = async () =>
      Promise.all(sessions.map(async (s) => (await store.findByTokenHash(s.tokenHash))?.deviceLabel === "from the target"));
    const first = await answeredBy();
    expect(first).toEqual(sessions.map((s) => migrationBucket(s.tokenHash) < 50));
    expect(first.filter(Boolean).length).toBeGreaterThan(5);
    expect(first.filter((t) => !t).length).toBeGreaterThan(5);
    expect(await answeredBy()).toEqual(first);
    expect(seen.reads.old).toBeGreaterThan(0);
    expect(seen.reads.target).toBeGreaterThan(0);
    // raising the share only moves more sessions over
    const { store: more } = migrating("switch", 80);
    for (const [i, s] of sessions.entries()) {
      if (first[i]) expect((await more.findByTokenHash(s.tokenHash))?.deviceLabel).toBe("from the target");
    }
  });

  it("a rollback from switch to shadow loses no rotation or revocation made during switch, nor does going forward again", async () => {
    const { store } = migrating("switch", 50);
    const sessions = Array.from({ length: 12 }, () => session());
    for (const s of sessions) await store.create(s);
    const rotated = sessions.slice(0, 6);
    const revoked = sessions.slice(6);
    const next = new Map<string, string>();
    for (const s of rotated) {
      next.set(s.id, hash());
      const r = {
        expectedTokenHash: s.tokenHash,
        tokenHash: next.get(s.id)!,
        rotatedAt: s.createdAt + 1_000,
        graceUntil: s.createdAt + 2_000,
      };
      expect(await store.rotate(s.id, r)).toBe(true);
    }
    for (const s of revoked) expect(await store.revoke(s.id, "revoked-by-user", s.createdAt + 1_000)).not.toBeNull();

    for (const [phase, percent] of [
      ["shadow", 0],
      ["switch", 100],
      ["done", 0],
    ] as const) {
      const { store: later } = migrating(phase, percent);
      for (const s of rotated) {
        expect(await later.findByTokenHash(s.tokenHash), phase).toMatchObject({
          tokenHash: next.get(s.id),
          previousTokenHash: s.tokenHash,
        });
        expect(await later.findSpent(s.tokenHash), phase).toBe(s.id);
        expect(
          await later.rotate(s.id, { expectedTokenHash: s.tokenHash, tokenHash: hash(), rotatedAt: Date.now(), graceUntil: Date.now() }),
        ).toBe(false);
      }
      for (const s of revoked) expect(await later.findByTokenHash(s.tokenHash), phase).toMatchObject({ revokedReason: "revoked-by-user" });
    }
  });

  it("done: the target alone; the old store is neither read nor written (only a new user is copied from it)", async () => {
    const { store, seen } = migrating("done");
    const onlyOld = session();
    await oldStore().create(onlyOld);
    expect(await store.findByTokenHash(onlyOld.tokenHash)).toBeNull();
    const [newcomer] = (await createUsers(old.prisma, 1)) as [string];
    const s = session({ userId: newcomer });
    await store.create(s);
    expect(await oldStore().get(s.id)).toBeNull();
    expect(await targetStore().get(s.id)).toEqual(s);
    await store.revoke(s.id, "signed-out", Date.now());
    expect((await oldStore().get(onlyOld.id))?.revokedAt).toBeNull();
    expect(seen.reads.old).toBe(0);
  });

  it("a write the target refuses fails the operation, is counted, and this instance reads that session from the old store until a retry repairs it", async () => {
    await target.pool.query(`CREATE OR REPLACE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.device_label = 'refused by target' THEN RAISE EXCEPTION 'the target refuses this row'; END IF; RETURN NEW; END $$`);
    await target.pool.query(`CREATE TRIGGER refuse_marked BEFORE UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION refuse_marked()`);
    try {
      const { store, seen, monitor } = migrating("switch", 100);
      const s = session({ deviceLabel: "refused by target" });
      await store.create(s); // an insert: the trigger only refuses updates
      const next = hash();
      const rotation = { expectedTokenHash: s.tokenHash, tokenHash: next, rotatedAt: s.createdAt + 1_000, graceUntil: s.createdAt + 2_000 };
      await expect(store.rotate(s.id, rotation)).rejects.toBeInstanceOf(MigrationWriteError);
      expect(seen.errors).toHaveLength(1);
      expect(monitor.reasons()).toEqual([expect.stringMatching(/^store errors: 1 of \d+ operations/)]);
      // the old store has the rotation; the target's stale copy is not what this instance answers with
      expect(await oldStore().get(s.id)).toMatchObject({ tokenHash: next });
      expect(await targetStore().get(s.id)).toMatchObject({ tokenHash: s.tokenHash });
      expect(await store.findByTokenHash(s.tokenHash)).toMatchObject({ tokenHash: next });
      expect(await store.get(s.id)).toMatchObject({ tokenHash: next });

      await target.pool.query(`DROP TRIGGER refuse_marked ON sessions`);
      await store.revoke(s.id, "signed-out", s.createdAt + 3_000);
      expect(await targetStore().get(s.id)).toEqual(await oldStore().get(s.id));
    } finally {
      await target.pool.query(`DROP TRIGGER IF EXISTS refuse_marked ON sessions`);
      await target.pool.query(`DROP FUNCTION IF EXISTS refuse_marked()`);
    }
  });
});

describe("from the embedded database (PGlite) to PostgreSQL", () => {
  let embedded: Database;
  beforeAll(async () => {
    embedded = await openEmbeddedDatabase();
  });
  afterAll(async () => {
    await embedded?.close();
  });

  describeSessionStoreContract("migrating from PGlite to PostgreSQL, dual", async () => {
    const users = await createUsers(embedded.prisma, 2);
    const errors: unknown[] = [];
    const store = new MigratingSessionStore({
      phase: "dual",
      percent: 0,
      old: embedded.prisma,
      target: target.prisma,
      onMismatch: (m) => errors.push(m),
      onWriteFailed: (e) => errors.push(e),
      onError: (e) => errors.push(e),
    });
    return {
      store,
      users: users as [string, string],
      async cleanup() {
        await deleteUsers(embedded.prisma, users);
        await deleteUsers(target.prisma, users);
        expect(errors).toEqual([]);
      },
    };
  });
});
