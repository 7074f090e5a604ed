import { RateLimiterRedis } from "rate-limiter-flexible";
import { afterEach, describe, expect, it } from "vitest";
import { hotCopyKey, RedisCachedSessionStore } from "../session/stores/redis";
import { MemorySessionStore } from "../session/stores/memory";
import { storedSession } from "../../test/support/sessions";
import { TEST_REDIS_URL } from "../../test/support/databases";
import { redisFromEnv, type RedisClient } from "./redis";

/**
 * Two Lua commands are defined on the app's Redis client while it is in use: the session cache's
 * compare-and-set (when the services are built) and rate-limiter-flexible's counter (when the first
 * sign-in builds the throttle). With auto-pipelining, a pipeline opened before such a definition
 * lacked the command and ioredis threw from a nextTick (ioredis#1931), hanging every request in
 * flight: whatever the client's options become, this must keep working.
 */
describe("a Lua command defined while commands are in flight (server crash under load)", () => {
  let redis: RedisClient;
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  afterEach(() => {
    process.off("uncaughtException", onCrash);
    redis?.disconnect();
  });

  async function inFlight<T>(define: () => () => Promise<T>): Promise<T> {
    redis = redisFromEnv({ REDIS_URL: TEST_REDIS_URL })!;
    await new Promise((resolve) => redis.once("ready", resolve)); // no offline queue: wait for the connection
    process.on("uncaughtException", onCrash);
    const pending = redis.get("lua-race:other"); // another request's read opens this turn's auto-pipeline
    const result = define()(); // defined and used in the same turn
    const [, value] = await Promise.all([pending, result]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // ioredis reports from process.nextTick
    expect(crashes).toEqual([]);
    return value;
  }

  it("the throttle's counter, built at the first sign-in", async () => {
    const remaining = await inFlight(() => {
      const limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `lua-race:${Date.now()}`, points: 5, duration: 60 });
      return () => limiter.consume("someone");
    });
    expect(remaining.remainingPoints).toBe(4);
  });

  it("the session cache's compare-and-set, built with the services", async () => {
    const session = storedSession();
    const keyPrefix = `lua-race:${Date.now()}:`;
    await inFlight(() => {
      const store = new RedisCachedSessionStore(new MemorySessionStore(), redis, { keyPrefix });
      return () => store.create(session);
    });
    expect(await redis.exists(hotCopyKey(keyPrefix, session.tokenHash))).toBe(1);
  });
});
