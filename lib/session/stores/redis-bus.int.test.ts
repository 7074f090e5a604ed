import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/connection";
import { redisFromEnv, type RedisClient } from "../../db/redis";
import { loadPolicy } from "../policy";
import { createSessionService } from "../service";
import { hashSessionToken } from "../token";
import { MemoryAuditLog, MemorySessionStore } from "./memory";
import { MemoryCachedSessionStore } from "./memory-cache";
import { PrismaSessionStore } from "./prisma";
import { decodeSession, encodeSession, hotCopyKey, RedisCachedSessionStore } from "./redis";
import { RedisInvalidationBus } from "./redis-bus";
import { startRedisServer, type RedisProcess } from "../../../test/support/redis-servers";
import { createUsers, deleteUsers, openTestDatabase } from "../../../test/support/databases";
import { storedSession } from "../../../test/support/sessions";
import { until } from "../../../test/support/wait";

/**
 * The change bus and the Redis hot copy against a redis-server of the test's own, which the tests
 * hang (SIGSTOP) and resume: what happens to revocations while Redis is slow or unreachable.
 */
let server: RedisProcess;
const opened: Array<{ close?(): void; disconnect?(): void }> = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterEach(() => {
  server.resume();
  for (const o of opened.splice(0)) (o.close ?? o.disconnect)!.call(o);
});
afterAll(async () => {
  await server?.stop();
});

function client(): RedisClient {
  const redis = redisFromEnv({ REDIS_URL: `redis://127.0.0.1:${server.port}` })!;
  opened.push(redis);
  return redis;
}

function bus(options: ConstructorParameters<typeof RedisInvalidationBus>[1] = {}) {
  const b = new RedisInvalidationBus(client(), { channel: `bus-test:${randomUUID()}`, ...options });
  opened.push(b);
  return b;
}

const now = Date.now();
const session = (token: string) => storedSession(token, now);

describe("RedisInvalidationBus", () => {
  it("is live once its own heartbeat comes back through Redis", async () => {
    const b = bus();
    expect(b.live).toBe(false);
    await until(() => b.live);
  });

  it("carries a revocation on one instance to another's memory at once (stale instance)", async () => {
    const channel = `bus-test:${randomUUID()}`;
    const [busA, busB] = [bus({ channel }), bus({ channel })];
    await until(() => busA.live && busB.live);
    const shared = new MemorySessionStore();
    const a = new MemoryCachedSessionStore(shared, busA);
    const b = new MemoryCachedSessionStore(shared, busB);
    const s = session(randomUUID());
    await a.create(s);
    await a.findByTokenHash(s.tokenHash);
    let reads = 0;
    const read = shared.findByTokenHash.bind(shared);
    shared.findByTokenHash = (h) => (reads++, read(h));
    expect((await a.findByTokenHash(s.tokenHash))?.revokedAt).toBeNull();
    expect(reads).toBe(0); // answered from A's memory
    await b.revoke(s.id, "revoked-by-user", now + 1);
    // B's revoke resolves once Redis has taken the message; A drops its copy as it arrives
    await until(async () => (await a.findByTokenHash(s.tokenHash))?.revokedAt !== null, 1_000);
  });

  it("repairs before it first trusts Redis, stops trusting a hung Redis within 1.5 s, and repairs before trusting it again (Redis outage)", async () => {
    const repairs: Array<number | null> = [];
    const b = bus({ onRecovered: async (lostAt) => repairs.push(lostAt) });
    await until(() => b.live);
    expect(repairs).toEqual([null]); // what changed while this instance was not running
    const hungAt = Date.now();
    server.pause();
    const noticed = await until(() => !b.live, 3_000);
    expect(noticed).toBeLessThanOrEqual(2_000);
    expect(repairs).toHaveLength(1);
    server.resume();
    await until(() => b.live);
    expect(repairs).toHaveLength(2);
    expect(repairs[1]).toBeLessThan(hungAt);
  });

  it("does not trust Redis after a repair that another loss overtook (lost repair writes)", async () => {
    let lose = true;
    const attempts: Array<number | null> = [];
    const b: RedisInvalidationBus = bus({
      onRecovered: async (lostAt) => {
        attempts.push(lostAt);
        if (lose) {
          lose = false;
          b.suspect(); // e.g. a failover dropped the connection while the repair was writing
        }
      },
    });
    await until(() => b.live);
    expect(attempts.length).toBe(2);
    expect(attempts[1]).not.toBeNull();
  });
});

describe("the Redis hot copy through an outage", () => {
  let db: Database;
  const users: string[] = [];
  const policy = loadPolicy({});
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await deleteUsers(db.prisma, users);
    await db?.close();
  });

  async function stack(hooks: { duringRepair?: () => Promise<void> } = {}) {
    const [userId] = await createUsers(db.prisma, 1);
    users.push(userId!);
    const redis = client();
    const prefix = `outage:${randomUUID()}:`;
    let hot!: RedisCachedSessionStore;
    const b = bus({
      onRecovered: async (lostAt) => {
        await hot.repair(lostAt);
        await hooks.duringRepair?.();
      },
    });
    hot = new RedisCachedSessionStore(new PrismaSessionStore(db.prisma), redis, {
      keyPrefix: prefix,
      available: () => b.live,
      writable: () => b.reachable,
      onWriteFailed: () => b.suspect(),
    });
    await until(() => b.live);
    const service = createSessionService({ store: hot, audit: new MemoryAuditLog(), policy, successorKey: new Uint8Array(32).fill(3) });
    const created = await service.createSession(userId!, { userAgent: "outage-test", ipPrefix: "192.0.2.0/24" });
    if (created.status !== "created") throw new Error(created.status);
    // the session is in Redis, answered from there
    expect(await redis.get(hotCopyKey(prefix, created.session.tokenHash))).not.toBeNull();
    return { b, hot, redis, service, prefix, ...created };
  }

  it("refuses a session revoked while Redis hung, once Redis answers again (stale hot copy)", async () => {
    const { b, service, token, session, redis, prefix } = await stack();
    server.pause();
    await until(() => !b.live, 3_000);
    // PostgreSQL alone: the tombstone never reaches Redis, which still holds the live copy
    expect(await service.revokeUserSession(session.userId, session.id, "revoked-by-user", null)).toBe(true);
    server.resume();
    await until(() => b.live);
    expect(await service.validateSessionToken(token, { activity: true })).toEqual({ ok: false, reason: "revoked" });
    expect(decodeSession((await redis.get(hotCopyKey(prefix, session.tokenHash)))!)?.revokedAt).not.toBeNull();
  });

  it("sees a token spent twice while Redis hung as reuse once Redis answers again (token replay)", async () => {
    const { b, hot, token, session } = await stack();
    server.pause();
    await until(() => !b.live, 3_000);
    const second = hashSessionToken(randomUUID());
    const third = hashSessionToken(randomUUID());
    expect(
      await hot.rotate(session.id, {
        expectedTokenHash: session.tokenHash,
        tokenHash: second,
        rotatedAt: Date.now(),
        graceUntil: Date.now() + 1,
      }),
    ).toBe(true);
    expect(
      await hot.rotate(session.id, { expectedTokenHash: second, tokenHash: third, rotatedAt: Date.now(), graceUntil: Date.now() + 1 }),
    ).toBe(true);
    server.resume();
    await until(() => b.live);
    const found = await hot.findByTokenHash(hashSessionToken(token));
    expect(found?.tokenHash ?? null).not.toBe(session.tokenHash);
  });

  it("writes a sign-out made while Redis is being repaired, after the repair read its changes (lost tombstone)", async () => {
    let signOutDuringRepair: (() => Promise<void>) | null = null;
    const { b, service, token, session, redis, prefix } = await stack({ duringRepair: async () => signOutDuringRepair?.() });
    server.pause();
    await until(() => !b.live, 3_000);
    signOutDuringRepair = async () => {
      signOutDuringRepair = null;
      // a live copy the repair had no reason to touch (written long before the outage)…
      await redis.set(hotCopyKey(prefix, session.tokenHash), encodeSession(session), "PX", 60_000);
      // …and a sign-out after the repair read what changed
      await service.revokeUserSession(session.userId, session.id, "signed-out", null);
    };
    server.resume();
    await until(() => b.live);
    expect(signOutDuringRepair).toBeNull();
    expect(await service.validateSessionToken(token, { activity: false })).toEqual({ ok: false, reason: "revoked" });
  });
});
