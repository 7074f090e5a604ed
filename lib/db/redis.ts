import { Cluster, Redis, type RedisOptions } from "ioredis";
import { dbEnv, type HostPort } from "./variables";
import { errorFields, log } from "../log";

/**
 * The optional Redis connection, in one of three topologies:
 *   REDIS_URL                                   a standalone server
 *   REDIS_SENTINELS + REDIS_SENTINEL_NAME       the master Sentinel names (host:port,host:port)
 *   REDIS_CLUSTER_NODES                         any nodes of a Cluster (host:port,host:port)
 * Commands fail fast when Redis is unreachable (no offline queue, short timeouts), so callers fall
 * back to PostgreSQL instead of waiting. Every key the app writes is one key per command, so nothing
 * needs two slots of a Cluster at once.
 */
export type RedisClient = Redis | Cluster;

const KEY = Symbol.for("next-session-secure.redis");
type Holder = { [KEY]?: RedisClient | null };

export function getRedis(): RedisClient | null {
  const holder = globalThis as Holder;
  if (holder[KEY] === undefined) holder[KEY] = redisFromEnv(process.env);
  return holder[KEY];
}

export type RedisTopology =
  { kind: "standalone"; url: string } | { kind: "sentinel"; sentinels: HostPort[]; name: string } | { kind: "cluster"; nodes: HostPort[] };

/** Which topology the environment asks for; null when Redis is not configured. Throws on a malformed list, naming the variable. */
export function redisTopology(raw: Record<string, string | undefined>): RedisTopology | null {
  const env = dbEnv(raw);
  if (env.REDIS_CLUSTER_NODES) return { kind: "cluster", nodes: env.REDIS_CLUSTER_NODES };
  if (env.REDIS_SENTINELS) return { kind: "sentinel", sentinels: env.REDIS_SENTINELS, name: env.REDIS_SENTINEL_NAME };
  return env.REDIS_URL ? { kind: "standalone", url: env.REDIS_URL } : null;
}

/**
 * No auto-pipelining. It holds every command for the next event-loop turn, which `npm run bench`
 * measured at ~20 µs on each validation's GET (a fifth of the whole check), to save write calls
 * only when many commands are issued at once; and Lua commands defined on a client in use (the
 * session cache's compare-and-set, the throttle's counter) break its pipelines (ioredis#1931).
 * Concurrent commands still go back to back down the one connection.
 */
const FAST_FAIL: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1_000,
  commandTimeout: 500,
};
const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2_000);

export function redisFromEnv(env: Record<string, string | undefined>): RedisClient | null {
  const topology = redisTopology(env);
  if (!topology) return null;
  const client =
    topology.kind === "cluster"
      ? new Cluster(topology.nodes, {
          enableOfflineQueue: false,
          clusterRetryStrategy: retryStrategy,
          redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 1_000, commandTimeout: 500 },
        })
      : topology.kind === "sentinel"
        ? new Redis({
            ...FAST_FAIL,
            sentinels: topology.sentinels,
            name: topology.name,
            retryStrategy,
            sentinelRetryStrategy: retryStrategy,
            // follow Sentinel's +switch-master at once, and leave a demoted master that refuses writes
            failoverDetector: true,
            reconnectOnError: (error) => error.message.startsWith("READONLY"),
          })
        : new Redis(topology.url, { ...FAST_FAIL, retryStrategy });
  client.on("error", (error: Error) => {
    if (!lastLogged || Date.now() - lastLogged > 30_000) {
      log.warn({ ...errorFields(error), topology: topology.kind }, "redis connection error");
      lastLogged = Date.now();
    }
  });
  return client;
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
function whenReady(redis: RedisClient, ms: number): Promise<void> {
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
