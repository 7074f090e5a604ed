import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/connection";
import { redisFromEnv, redisTopology, type RedisClient } from "../../db/redis";
import { loadPolicy } from "../policy";
import { createSessionService } from "../service";
import { describeSessionStoreContract } from "../../../test/support/store-contract";
import { MemoryAuditLog } from "./memory";
import { MemoryCachedSessionStore } from "./memory-cache";
import { PrismaSessionStore } from "./prisma";
import { decodeSession, hotCopyKey, RedisCachedSessionStore } from "./redis";
import { RedisInvalidationBus } from "./redis-bus";
import { startRedisCluster, startRedisSentinel, type RedisCluster, type RedisSentinelSetup } from "../../../test/support/redis-servers";
import { createUsers, deleteUsers, openTestDatabase } from "../../../test/support/databases";
import { until } from "../../../test/support/wait";

/**
 * The session layer on the topologies REDIS_CLUSTER_NODES and REDIS_SENTINELS configure, each on real
 * redis-server processes started here: a 3-master Cluster, and a master with a replica under Sentinel.
 */
/** Two app instances' session stores (memory → Redis → PostgreSQL) on one Redis deployment. */
function instances(db: () => Database, env: () => Record<string, string>) {
  const opened: Array<{ close?(): void; disconnect?(): void }> = [];
  const users: string[] = [];
  const prefix = `topology:${randomUUID()}:`;
  const channel = `${prefix}changes`;

  async function instance() {
    const redis = redisFromEnv(env())!;
    let hot!: RedisCachedSessionStore;
    const bus = new RedisInvalidationBus(redis, { channel, onRecovered: (lostAt) => hot.repair(lostAt) });
    opened.push(bus, redis);
    const errors: unknown[] = [];
    hot = new RedisCachedSessionStore(new PrismaSessionStore(db().prisma), redis, {
      keyPrefix: prefix,
      available: () => bus.live,
      writable: () => bus.reachable,
      onWriteFailed: () => bus.suspect(),
      onError: (e) => errors.push(e),
    });
    await until(() => bus.live);
    const store = new MemoryCachedSessionStore(hot, bus);
    return { redis, bus, hot, store, errors };
  }

  async function user() {
    const [id] = await createUsers(db().prisma, 1);
    users.push(id!);
    return id!;
  }

  /** a store contract fixture: a fresh instance, two users, and no Redis error along the way */
  async function fixture() {
    const { store, errors } = await instance();
    const users: [string, string] = [await user(), await user()];
    return { store, users, cleanup: async () => expect(errors).toEqual([]) };
  }

  return {
    prefix,
    instance,
    user,
    fixture,
    async close() {
      for (const o of opened.splice(0)) (o.close ?? o.disconnect)!.call(o);
      await deleteUsers(db().prisma, users);
    },
  };
}

const policy = loadPolicy({});
const service = (store: MemoryCachedSessionStore) =>
  createSessionService({ store, audit: new MemoryAuditLog(), policy, successorKey: new Uint8Array(32).fill(5) });
const ctx = { userAgent: "topology-test", ipPrefix: "192.0.2.0/24" };

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("configuration", () => {
  it("reads the three topologies, Cluster first, and names a malformed node list", () => {
    expect(redisTopology({ REDIS_URL: "redis://127.0.0.1:6379" })).toEqual({ kind: "standalone", url: "redis://127.0.0.1:6379" });
    expect(redisTopology({ REDIS_SENTINELS: "10.0.0.1:26379, 10.0.0.2:26379", REDIS_SENTINEL_NAME: "sessions" })).toEqual({
      kind: "sentinel",
      name: "sessions",
      sentinels: [
        { host: "10.0.0.1", port: 26379 },
        { host: "10.0.0.2", port: 26379 },
      ],
    });
    expect(redisTopology({ REDIS_CLUSTER_NODES: "[::1]:7000", REDIS_URL: "redis://x" })).toEqual({
      kind: "cluster",
      nodes: [{ host: "::1", port: 7000 }],
    });
    expect(redisTopology({})).toBeNull();
    expect(() => redisTopology({ REDIS_CLUSTER_NODES: "127.0.0.1" })).toThrow(/REDIS_CLUSTER_NODES: "127.0.0.1" is not host:port/);
    expect(() => redisTopology({ REDIS_SENTINELS: "a:99999" })).toThrow(/REDIS_SENTINELS/);
  });
});

describe("Redis Cluster (3 masters)", () => {
  let cluster: RedisCluster;
  const env = () => ({ REDIS_CLUSTER_NODES: cluster.env });
  const fleet = instances(() => db, env);
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(async () => {
    await fleet.close();
    await cluster?.stop();
  });

  describeSessionStoreContract("memory and Redis Cluster over Prisma on PostgreSQL", fleet.fixture);

  it("spreads sessions over the masters and revokes across instances at once (stale instance)", async () => {
    const [a, b] = [await fleet.instance(), await fleet.instance()];
    const userId = await fleet.user();
    const sessions = [];
    for (let i = 0; i < 12; i++) {
      const created = await service(a.store).createSession(userId, ctx);
      if (created.status !== "created") throw new Error(created.status);
      sessions.push(created);
    }
    const holding = await Promise.all(
      cluster.nodes.map(async (n) => {
        const node = redisFromEnv({ REDIS_URL: `redis://127.0.0.1:${n.port}` })!;
        await until(() => node.status === "ready");
        const keys = await node.dbsize();
        node.disconnect();
        return keys;
      }),
    );
    expect(holding.filter((keys) => keys > 0).length).toBeGreaterThan(1);

    const { token, session } = sessions.at(-1)!; // the newest: a sign-in beyond the limit ends the oldest
    expect((await service(a.store).validateSessionToken(token, { activity: true })).ok).toBe(true);
    expect(await service(b.store).revokeUserSession(userId, session.id, "revoked-by-user", null)).toBe(true);
    await until(async () => !(await service(a.store).validateSessionToken(token, { activity: true })).ok, 1_000);
    expect(a.errors).toEqual([]);
  });
});

describe("Redis Sentinel (master, replica, one sentinel)", () => {
  let setup: RedisSentinelSetup;
  const env = () => ({ REDIS_SENTINELS: setup.env, REDIS_SENTINEL_NAME: setup.name });
  const fleet = instances(() => db, env);
  beforeAll(async () => {
    setup = await startRedisSentinel();
  }, 60_000);
  afterAll(async () => {
    await fleet.close();
    await setup?.stop();
  });

  describeSessionStoreContract("memory and Redis via Sentinel over Prisma on PostgreSQL", fleet.fixture);

  it("follows a failover to the promoted replica: sessions keep working and revocation still holds (Redis failover)", async () => {
    const [a, b] = [await fleet.instance(), await fleet.instance()];
    const userId = await fleet.user();
    const kept = await service(a.store).createSession(userId, ctx);
    const ended = await service(a.store).createSession(userId, ctx);
    if (kept.status !== "created" || ended.status !== "created") throw new Error("sign-in");
    expect((await service(b.store).validateSessionToken(ended.token, { activity: true })).ok).toBe(true);

    const newMaster = await setup.failover();
    expect(newMaster).toBe(setup.replica.port);
    const serving = async (redis: RedisClient) => (await redis.info("server").catch(() => "")).includes(`tcp_port:${newMaster}`);
    await until(async () => (await serving(a.redis)) && (await serving(b.redis)) && a.bus.live && b.bus.live, 20_000);

    expect(await service(a.store).revokeUserSession(userId, ended.session.id, "revoked-by-user", null)).toBe(true);
    await until(async () => !(await service(b.store).validateSessionToken(ended.token, { activity: true })).ok, 1_000);
    expect((await service(b.store).validateSessionToken(kept.token, { activity: true })).ok).toBe(true);
    // and the copy in the promoted master says so too
    const direct: RedisClient = redisFromEnv({ REDIS_URL: `redis://127.0.0.1:${newMaster}` })!;
    await until(() => direct.status === "ready");
    const copy = await direct.get(hotCopyKey(fleet.prefix, ended.session.tokenHash));
    direct.disconnect();
    expect(copy === null || decodeSession(copy)?.revokedAt !== null).toBe(true);
  }, 60_000);
});
