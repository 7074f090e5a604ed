import { Cluster, Redis, type RedisOptions } from "ioredis";
import { errorFields, log } from "../server/log";

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

export type RedisTopology = { kind: "standalone"; url: string } | { kind: "sentinel"; sentinels: HostPort[]; name: string } | { kind: "cluster"; nodes: HostPort[] };
export interface HostPort {
  host: string;
  port: number;
}

/** Which topology the environment asks for; null when Redis is not configured. Throws on a malformed list. */
export function redisTopology(env: Record<string, string | undefined>): RedisTopology | null {
  const cluster = env.REDIS_CLUSTER_NODES?.trim();
  if (cluster) return { kind: "cluster", nodes: hostList("REDIS_CLUSTER_NODES", cluster) };
  const sentinels = env.REDIS_SENTINELS?.trim();
  if (sentinels) return { kind: "sentinel", sentinels: hostList("REDIS_SENTINELS", sentinels), name: env.REDIS_SENTINEL_NAME?.trim() || "mymaster" };
  const url = env.REDIS_URL?.trim();
  return url ? { kind: "standalone", url } : null;
}

function hostList(name: string, value: string): HostPort[] {
  return value.split(",").map((entry) => {
    const match = /^\s*\[?([^\]\s]+?)\]?:(\d{1,5})\s*$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) throw new Error(`${name}: "${entry.trim()}" is not host:port`);
    return { host: match[1]!, port };
  });
}

const FAST_FAIL: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1_000,
  commandTimeout: 500,
  // one round trip for the commands of one event-loop turn (a session's two token keys, say)
  enableAutoPipelining: true,
};
const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2_000);

export function redisFromEnv(env: Record<string, string | undefined>): RedisClient | null {
  const topology = redisTopology(env);
  if (!topology) return null;
  const client =
    topology.kind === "cluster"
      ? new Cluster(topology.nodes, {
          enableOfflineQueue: false,
          enableAutoPipelining: true,
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
