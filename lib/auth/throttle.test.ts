import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/connection";
import { openTestDatabase, TEST_REDIS_URL } from "../session/stores/test-support";
import { createLoginLimiters, LOGIN_LIMITS, loginThrottle } from "./throttle";

let db: Database;
let redis: Redis;
beforeAll(async () => {
  db = await openTestDatabase();
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  redis?.disconnect();
  await db?.close();
});

describe.each([
  ["Redis", () => redis],
  ["PostgreSQL only", () => null],
])("login throttle on %s", (_store, redisFor) => {
  const throttle = () => {
    const limiters = createLoginLimiters({ prisma: db.prisma, redis: redisFor(), keyPrefix: `test:${randomUUID()}` });
    return loginThrottle(async () => limiters);
  };

  it("lets a parallel burst of guesses through only as often as the limit allows (guessing race)", async () => {
    const t = throttle();
    const waits = await Promise.all(Array.from({ length: 30 }, () => t.take("victim@example.com", "198.51.100.9")));
    expect(waits.filter((w) => w === 0)).toHaveLength(LOGIN_LIMITS.accountIp.points);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(0);
  });

  it("slows one account guessed from many addresses (distributed guessing)", async () => {
    const t = throttle();
    for (let i = 0; i < LOGIN_LIMITS.account.points; i++) expect(await t.take("victim@example.com", `203.0.113.${i}`)).toBe(0);
    expect(await t.take("victim@example.com", "198.51.100.200")).toBeGreaterThan(0);
  });

  it("slows one address trying many accounts (password spraying)", async () => {
    const t = throttle();
    for (let i = 0; i < LOGIN_LIMITS.ip.points; i++) expect(await t.take(`user-${i}@example.com`, "198.51.100.66")).toBe(0);
    expect(await t.take("one-more@example.com", "198.51.100.66")).toBeGreaterThan(0);
  });

  it("gives a correct password's attempt back, so signing in is never throttled by one's own successes", async () => {
    const t = throttle();
    for (let i = 0; i < LOGIN_LIMITS.accountIp.points * 2; i++) {
      expect(await t.take("alice@example.com", "198.51.100.1")).toBe(0);
      await t.refund("alice@example.com", "198.51.100.1");
    }
  });
});
