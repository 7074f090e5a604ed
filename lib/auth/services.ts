import { hkdfSync } from "node:crypto";
import { getDatabase } from "../db/connection";
import { getRedis } from "../db/redis";
import { getSessionConfig } from "../session/config";
import { parseDuration } from "../session/duration";
import { createSessionService, type SessionService } from "../session/service";
import { PrismaAuditLog, PrismaSessionStore } from "../session/stores/prisma";
import { MemoryCachedSessionStore, singleProcessBus } from "../session/stores/memory-cache";
import { RedisCachedSessionStore } from "../session/stores/redis";
import { RedisInvalidationBus } from "../session/stores/redis-bus";
import { errorFields, log } from "../server/log";
import { CountingAuditLog, metrics } from "../server/metrics";
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
    const service = (store: SessionStore) => createSessionService({ store, audit, policy, successorKey: serverKey("session-token-successor") });
    const audit = await getAuditLog();
    const primary = new PrismaSessionStore(prisma);
    const reads = metrics().storeReads;
    const memory = memoryCacheOptions(process.env, () => reads.inc({ layer: "memory" }));
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
    const prefix = process.env.REDIS_KEY_PREFIX ?? "sess:";
    const bus = new RedisInvalidationBus(redis, {
      channel: `${prefix}changes`,
      onRecovered: async (lostAt) => {
        const repaired = await hot.repair(lostAt);
        log.info({ lostAt: lostAt === null ? null : new Date(lostAt).toISOString(), repaired }, "redis trusted after repairing what changed meanwhile");
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
    return service(memory.max > 0 ? new MemoryCachedSessionStore(hot, bus, { ...memory, onError: (error) => log.warn(errorFields(error), "session change not published") }) : hot);
  })().catch((error) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

/** SESSION_MEMORY_CACHE_SIZE (0 turns the layer off) and SESSION_MEMORY_CACHE_TTL. */
export function memoryCacheOptions(env: Record<string, string | undefined>, onHit: () => void) {
  const size = env.SESSION_MEMORY_CACHE_SIZE?.trim();
  const max = size ? Number(size) : 10_000;
  if (!Number.isInteger(max) || max < 0) throw new Error(`SESSION_MEMORY_CACHE_SIZE: "${size}" is not a whole number`);
  const ttl = env.SESSION_MEMORY_CACHE_TTL?.trim();
  const ttlMs = ttl ? parseDuration(ttl) : 30_000;
  if (ttlMs === null || ttlMs <= 0) throw new Error(`SESSION_MEMORY_CACHE_TTL: "${ttl}" is not a duration such as 30s`);
  return { max, ttlMs, onHit };
}

/** The audit trail (PostgreSQL), for events outside the session lifecycle such as failed sign-ins. */
export async function getAuditLog(): Promise<AuditLog> {
  const { prisma } = await getDatabase();
  return new CountingAuditLog(new PrismaAuditLog(prisma));
}

/**
 * A 256-bit key for one purpose (`info`), derived with HKDF from the newest sealing secret, so one
 * configured secret serves every keyed hash without any two purposes sharing a key.
 */
export function serverKey(info: string): Uint8Array {
  const { secrets } = getSessionConfig();
  const newest = secrets[Math.max(...Object.keys(secrets).map(Number))]!;
  return new Uint8Array(hkdfSync("sha256", newest, "", info, 32));
}
