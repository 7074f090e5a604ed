import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadPolicy } from "../policy";
import { createSessionService } from "../service";
import { hashSessionToken } from "../token";
import type { SessionStore } from "../types";
import { MemoryAuditLog } from "./memory";
import { PrismaSessionStore } from "./prisma";
import { decodeSession, hotCopyKey, RedisCachedSessionStore } from "./redis";
import { createUsers, deleteUsers } from "../../../test/support/databases";
import { testServers } from "../../../test/support/servers";
import { storedSession } from "../../../test/support/sessions";

/** What only the Redis cache can get wrong: outages, token leakage into Redis, and racing refills. */
const ctx = { userAgent: "Mozilla/5.0 redis-test", ipPrefix: "192.0.2.0/24" };
const KEY = new Uint8Array(32).fill(9);

const servers = testServers();
const users: string[] = [];
let userId: string;
let prefix: string;

afterAll(() => deleteUsers(servers.db.prisma, users));
beforeEach(async () => {
  await servers.redis.flushdb();
  userId = (await createUsers(servers.db.prisma, 1))[0]!;
  users.push(userId);
  prefix = `redis-test:${randomUUID()}:`;
});

async function createdFor(svc: ReturnType<typeof createSessionService>) {
  const result = await svc.createSession(userId, ctx);
  if (result.status !== "created") throw new Error(result.status);
  return result;
}

/** Every key under the prefix with its value(s), for inspecting what the cache holds. */
async function dump(): Promise<Array<{ key: string; values: string[] }>> {
  const keys = await servers.redis.keys(`${prefix}*`);
  return Promise.all(
    keys.map(async (key) => ({
      key,
      values: (await servers.redis.type(key)) === "set" ? await servers.redis.smembers(key) : [(await servers.redis.get(key)) ?? ""],
    })),
  );
}

describe("RedisCachedSessionStore", () => {
  it("keeps answering from PostgreSQL while Redis is unreachable, and reports every failure", async () => {
    // a closed port: every command fails at once instead of queueing
    const broken = new Redis({
      host: "127.0.0.1",
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    broken.on("error", () => {});
    const errors: unknown[] = [];
    const store = new RedisCachedSessionStore(new PrismaSessionStore(servers.db.prisma), broken, {
      keyPrefix: prefix,
      onError: (e) => errors.push(e),
    });
    const svc = createSessionService({ store, audit: new MemoryAuditLog(), policy: loadPolicy({}), successorKey: KEY });
    try {
      const { token, session } = await createdFor(svc);
      // writing the hot copy failed: that must be reported, not swallowed
      expect(errors.length).toBeGreaterThan(0);
      expect(await svc.validateSessionToken(token, { activity: true })).toMatchObject({ ok: true, session: { id: session.id } });
      const r = await svc.rotateSessionToken(token, { force: true });
      if (r.status !== "rotated") throw new Error(r.status);
      expect(await svc.validateSessionToken(token, { activity: false })).toMatchObject({ ok: true, superseded: true });
      await svc.endSessionByToken(r.token);
      expect(await svc.validateSessionToken(r.token, { activity: false })).toEqual({ ok: false, reason: "revoked" });
      expect((await servers.db.prisma.session.findUnique({ where: { id: session.id } }))?.revokedReason).toBe("signed-out");
      const before = errors.length;
      await store.findByTokenHash(hashSessionToken(r.token));
      expect(errors.length).toBeGreaterThan(before);
    } finally {
      broken.disconnect();
    }
  });

  it("never writes a raw token into any Redis key or value, only its hash", async () => {
    const store = new RedisCachedSessionStore(new PrismaSessionStore(servers.db.prisma), servers.redis, { keyPrefix: prefix });
    const svc = createSessionService({ store, audit: new MemoryAuditLog(), policy: loadPolicy({}), successorKey: KEY });
    const first = await createdFor(svc);
    await svc.validateSessionToken(first.token, { activity: true });
    const r = await svc.rotateSessionToken(first.token, { force: true });
    if (r.status !== "rotated") throw new Error(r.status);
    await svc.validateSessionToken(first.token, { activity: true }); // the old token inside its grace window
    const second = await createdFor(svc);
    const tokens = [first.token, r.token, second.token];

    const entries = await dump();
    const keys = entries.map((e) => e.key);
    // the cache was really used, or this test would prove nothing
    for (const t of [r.token, second.token]) expect(keys.some((k) => k.includes(hashSessionToken(t)))).toBe(true);
    for (const { key, values } of entries) {
      for (const t of tokens) {
        expect(key).not.toContain(t);
        for (const v of values) expect(v).not.toContain(t);
      }
    }
  });

  it("keeps a compact copy, and reads a value of any other format as a miss, never as a live session (format change)", async () => {
    const store = new RedisCachedSessionStore(new PrismaSessionStore(servers.db.prisma), servers.redis, { keyPrefix: prefix });
    const svc = createSessionService({ store, audit: new MemoryAuditLog(), policy: loadPolicy({}), successorKey: KEY });
    const { token, session } = await createdFor(svc);
    const key = hotCopyKey(prefix, session.tokenHash);
    const raw = (await servers.redis.get(key))!;
    expect(raw.startsWith("[1,")).toBe(true);
    expect(decodeSession(raw)).toEqual(session);
    // a copy in the object format an older release wrote, saying live, of a session since ended
    await svc.endSessionByToken(token);
    await servers.redis.set(key, JSON.stringify({ ...session, revokedAt: null }));
    expect(await svc.validateSessionToken(token, { activity: false })).toEqual({ ok: false, reason: "revoked" });
    expect(decodeSession((await servers.redis.get(key))!)?.revokedAt).not.toBeNull();
  });

  it("a slow cache refill racing a revocation cannot bring the session back (tombstone)", async () => {
    const primary = new PrismaSessionStore(servers.db.prisma);
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // another app server whose primary read returns just before the revocation and refills just after
    const slow: SessionStore = Object.assign(Object.create(primary) as PrismaSessionStore, {
      async findByTokenHash(hash: string) {
        const found = await primary.findByTokenHash(hash);
        readDone();
        await gate;
        return found;
      },
    });
    const writer = new RedisCachedSessionStore(primary, servers.redis, { keyPrefix: prefix });
    const refiller = new RedisCachedSessionStore(slow, servers.redis, { keyPrefix: prefix });
    const now = Date.now();
    const s = storedSession(randomUUID(), now, { userId });
    await writer.create(s);
    await servers.redis.del(...(await servers.redis.keys(`${prefix}*`))); // the hot copy expired: the next read refills it

    const pending = refiller.findByTokenHash(s.tokenHash);
    await read;
    expect(await writer.revoke(s.id, "revoked-by-user", now + 1_000)).not.toBeNull();
    release();
    expect((await pending)?.revokedAt).toBeNull(); // it read before the revocation; its refill must lose
    expect((await writer.findByTokenHash(s.tokenHash))?.revokedAt).toBe(now + 1_000);
    expect((await refiller.findByTokenHash(s.tokenHash))?.revokedAt).toBe(now + 1_000);
  });

  it("a slow write of a copy read before a rotation cannot make the replaced token current again (stale cache)", async () => {
    const primary = new PrismaSessionStore(servers.db.prisma);
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // another app server: whatever record it last reads before writing its hot copy, it reads just
    // before the rotation and writes just after it
    const holdBack = async <T>(result: T) => {
      readDone();
      await gate;
      return result;
    };
    const slow: SessionStore = Object.assign(Object.create(primary) as PrismaSessionStore, {
      async touch(id: string, at: number) {
        const touched = await primary.touch(id, at);
        return touched ? holdBack(touched) : touched;
      },
      async get(id: string) {
        return holdBack(await primary.get(id));
      },
    });
    const writer = new RedisCachedSessionStore(primary, servers.redis, { keyPrefix: prefix });
    const toucher = new RedisCachedSessionStore(slow, servers.redis, { keyPrefix: prefix });
    const svc = createSessionService({
      store: writer,
      audit: new MemoryAuditLog(),
      policy: loadPolicy({ SESSION_ROTATION_GRACE: "1s" }),
      successorKey: KEY,
    });
    const { token, session } = await createdFor(svc);

    const pending = toucher.touch(session.id, Date.now() + 100);
    await read;
    const rotated = await svc.rotateSessionToken(token, { force: true });
    if (rotated.status !== "rotated") throw new Error(rotated.status);
    release();
    await pending;

    // the old token is recognised as replaced, and once its grace is over it is treated as stolen
    expect(await writer.findByTokenHash(hashSessionToken(token))).toMatchObject({ tokenHash: hashSessionToken(rotated.token) });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await svc.validateSessionToken(token, { activity: true })).toEqual({ ok: false, reason: "reused" });
    expect(await svc.validateSessionToken(rotated.token, { activity: true })).toEqual({ ok: false, reason: "revoked" });
  });

  it("a token spent two rotations ago is not revived by the copy still cached under its key (refresh token theft)", async () => {
    const store = new RedisCachedSessionStore(new PrismaSessionStore(servers.db.prisma), servers.redis, { keyPrefix: prefix });
    const svc = createSessionService({ store, audit: new MemoryAuditLog(), policy: loadPolicy({}), successorKey: KEY });
    const result = await svc.createSession(userId, ctx, { kind: "mobile" });
    if (result.status !== "created") throw new Error(result.status);
    const first = await svc.refreshSession(result.token);
    if (first.status !== "rotated") throw new Error(first.status);
    // the copy under the first token's key now says "replaced, inside the grace window"
    const second = await svc.refreshSession(first.token);
    expect(second.status).toBe("rotated");
    expect(await svc.refreshSession(result.token)).toEqual({ status: "refused", reason: "reused" });
    expect((await store.get(result.session.id))?.revokedReason).toBe("token-reuse");
  });
});
