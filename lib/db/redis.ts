import { Redis } from "ioredis";
import { errorFields, log } from "../server/log";

/**
 * The optional Redis connection (REDIS_URL). Commands fail fast when Redis is unreachable
 * (no offline queue, short timeouts), so callers fall back to PostgreSQL instead of waiting.
 */
const KEY = Symbol.for("next-session-secure.redis");
type Holder = { [KEY]?: Redis | null };

export function getRedis(): Redis | null {
  const holder = globalThis as Holder;
  if (holder[KEY] === undefined) {
    const url = process.env.REDIS_URL;
    holder[KEY] = url ? createRedis(url) : null;
  }
  return holder[KEY];
}

export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  redis.on("error", (error) => {
    if (!lastLogged || Date.now() - lastLogged > 30_000) {
      log.warn(errorFields(error), "redis connection error");
      lastLogged = Date.now();
    }
  });
  return redis;
}
let lastLogged = 0;

export async function redisHealth(): Promise<"ok" | "down" | "disabled"> {
  const redis = getRedis();
  if (!redis) return "disabled";
  try {
    if (redis.status === "connecting" || redis.status === "connect") await whenReady(redis, 1_000);
    return (await redis.ping()) === "PONG" ? "ok" : "down";
  } catch {
    return "down";
  }
}

/** Waits up to `ms` for a connection that is still being established. */
function whenReady(redis: Redis, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once("ready", done);
  });
}
