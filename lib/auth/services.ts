import { hkdfSync } from "node:crypto";
import { getDatabase } from "../db/connection";
import { getRedis } from "../db/redis";
import { getSessionConfig } from "../session/config";
import { secretsInOrder } from "../session/secrets";
import { readEnv, type AppEnv } from "../env";
import { createSessionService, type SessionService } from "../session/service";
import { PrismaAuditLog, type PrismaSessionStore } from "../session/stores/prisma";
import { MemoryCachedSessionStore, singleProcessBus } from "../session/stores/memory-cache";
import { RedisCachedSessionStore } from "../session/stores/redis";
import { RedisInvalidationBus } from "../session/stores/redis-bus";
import { errorFields, log } from "../log";
import { CountingAuditLog, metrics } from "../metrics";
import { sessionStoreOfRecord } from "./store-migration";
import { auditOutbox } from "./notifications";
import type { AuditLog, SessionStore } from "../session/types";

/**
 * Wires the session service to PostgreSQL (system of record) and, when configured, Redis (hot copy)
 * with recently used sessions in this process's memory in front, kept exact by the change bus.
 */
const KEY = Symbol.for("next-session-secure.services");
type Holder = { [KEY]?: Promise<SessionService> };

export function getSessionService(): Promise<SessionService> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const { prisma, embedded } = await getDatabase();
    const { policy } = getSessionConfig();
    const [current, ...previous] = serverKeys("session-token-successor").map((k) => k.key);
    const service = (store: SessionStore) =>
      createSessionService({ store, audit, policy, successorKey: current!, previousSuccessorKeys: previous });
    const audit = await getAuditLog();
    const primary = await sessionStoreOfRecord(prisma);
    const reads = metrics().storeReads;
    const env = readEnv();
    const memory = memoryCacheOptions(env, () => reads.inc({ layer: "memory" }));
    const redis = getRedis();
    if (!redis) {
      const counted: SessionStore = Object.assign(Object.create(primary) as PrismaSessionStore, {
        findByTokenHash(hash: string) {
          reads.inc({ layer: "db" });
          return primary.findByTokenHash(hash);
        },
      });
      // the embedded database lives inside this process, so no other instance can change a session
      return service(embedded && memory.max > 0 ? new MemoryCachedSessionStore(counted, singleProcessBus, memory) : counted);
    }
    const prefix = env.REDIS_KEY_PREFIX;
    const bus = new RedisInvalidationBus(redis, {
      channel: `${prefix}changes`,
      onRecovered: async (lostAt) => {
        const repaired = await hot.repair(lostAt);
        log.info(
          { lostAt: lostAt === null ? null : new Date(lostAt).toISOString(), repaired },
          "redis trusted after repairing what changed meanwhile",
        );
      },
      onError: (error) => log.warn(errorFields(error), "session change bus"),
    });
    const hot: RedisCachedSessionStore = new RedisCachedSessionStore(primary, redis, {
      keyPrefix: prefix,
      available: () => bus.live,
      writable: () => bus.reachable,
      onWriteFailed: () => bus.suspect(),
      onError: (error) => log.warn(errorFields(error), "redis unavailable, using PostgreSQL"),
      onRead: (layer) => reads.inc({ layer }),
    });
    return service(
      memory.max > 0
        ? new MemoryCachedSessionStore(hot, bus, {
            ...memory,
            onError: (error) => log.warn(errorFields(error), "session change not published"),
          })
        : hot,
    );
  })().catch((error) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

/** SESSION_MEMORY_CACHE_SIZE (0 turns the layer off) and SESSION_MEMORY_CACHE_TTL. */
export function memoryCacheOptions(env: AppEnv, onHit: () => void) {
  return { max: env.SESSION_MEMORY_CACHE_SIZE, ttlMs: env.SESSION_MEMORY_CACHE_TTL, onHit };
}

/** The audit trail (PostgreSQL), for events outside the session lifecycle such as failed sign-ins. */
export async function getAuditLog(): Promise<AuditLog> {
  const { prisma } = await getDatabase();
  return new CountingAuditLog(new PrismaAuditLog(prisma, auditOutbox()));
}

/**
 * 256-bit keys for one purpose (`info`), derived with HKDF from each configured secret, the
 * sealing one first: one secret serves every keyed hash without any two purposes sharing a key, and
 * after a rotation what was made under the previous secret can still be read (invariant 16).
 */
export function serverKeys(info: string): { version: number; key: Uint8Array }[] {
  return secretsInOrder(getSessionConfig().secrets).map(({ version, secret }) => ({
    version,
    key: new Uint8Array(hkdfSync("sha256", secret, "", info, 32)),
  }));
}

/** The key for one purpose under the sealing secret, for what is made now. */
export const serverKey = (info: string): Uint8Array => serverKeys(info)[0]!.key;
