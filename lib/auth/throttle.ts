import type { Cluster, Redis } from "ioredis";
import { RateLimiterPrisma, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDatabase } from "../db/connection";
import { errorFields, log } from "../server/log";
import type { PrismaClient } from "../db/generated/client";
import { getRedis } from "../db/redis";

/**
 * Password-attempt throttling (credential stuffing, password guessing), shared by sign-in, elevation
 * and the mobile token endpoint. Wrong passwords count:
 * - per account and address: 5 in 15 minutes;
 * - per account from anywhere: 20 an hour (slows distributed guessing without letting one address
 *   lock a user out for long);
 * - per address: 100 an hour (one address spraying many accounts).
 * An attempt is taken from every limit *before* the password is checked and given back when it was
 * right: checking first and counting afterwards would let a burst of parallel guesses all pass the
 * check before any of them was counted.
 * Counters live in Redis when configured (PostgreSQL as the insurance store), otherwise in PostgreSQL.
 */
export const LOGIN_LIMITS = {
  accountIp: { points: 5, duration: 15 * 60 },
  account: { points: 20, duration: 60 * 60 },
  ip: { points: 100, duration: 60 * 60 },
} as const;

type LimitName = keyof typeof LOGIN_LIMITS;
const LIMIT_NAMES = Object.keys(LOGIN_LIMITS) as LimitName[];
export type LoginLimiters = Record<LimitName, RateLimiterAbstract>;

export function createLoginLimiters({ prisma, redis, keyPrefix = "login" }: { prisma: PrismaClient; redis: Redis | Cluster | null; keyPrefix?: string }): LoginLimiters {
  const make = (name: LimitName) => {
    const rule = { keyPrefix: `${keyPrefix}:${name}`, ...LOGIN_LIMITS[name] };
    const db = new RateLimiterPrisma({ storeClient: prisma, tableName: "rateLimiterFlexible", ...rule });
    return redis ? new RateLimiterRedis({ storeClient: redis, insuranceLimiter: db, ...rule }) : db;
  };
  return { accountIp: make("accountIp"), account: make("account"), ip: make("ip") };
}

const KEY = Symbol.for("next-session-secure.login-limiters");
type Holder = { [KEY]?: Promise<LoginLimiters> };

function appLimiters(): Promise<LoginLimiters> {
  const holder = globalThis as Holder;
  holder[KEY] ??= getDatabase()
    .then(({ prisma }) => createLoginLimiters({ prisma, redis: getRedis() }))
    .catch((error) => {
      delete holder[KEY];
      throw error;
    });
  return holder[KEY];
}

const keysFor = (email: string, ip: string): Record<LimitName, string> => ({ accountIp: `${email}|${ip}`, account: email, ip });

export interface LoginThrottle {
  /** Takes one attempt from every limit; returns the seconds to wait when one is used up, else 0. */
  take(email: string, ip: string): Promise<number>;
  /** The password was right: give the attempt back and start the account+address count over. */
  refund(email: string, ip: string): Promise<void>;
}

export function loginThrottle(limiters: () => Promise<LoginLimiters> = appLimiters): LoginThrottle {
  return {
    async take(email, ip) {
      const all = await limiters();
      const keys = keysFor(email, ip);
      const results = await Promise.allSettled(LIMIT_NAMES.map((name) => all[name].consume(keys[name], 1)));
      let waitMs = 0;
      for (const result of results) {
        if (result.status === "fulfilled") continue;
        if (result.reason instanceof RateLimiterRes) waitMs = Math.max(waitMs, result.reason.msBeforeNext);
        // both counter stores failing must not lock every user out: the attempt goes ahead, and the
        // password check still stands between the caller and the account
        else log.warn(errorFields(result.reason), "throttling counters unavailable");
      }
      return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
    },
    async refund(email, ip) {
      const all = await limiters();
      const keys = keysFor(email, ip);
      await Promise.allSettled([all.accountIp.delete(keys.accountIp), all.account.reward(keys.account, 1), all.ip.reward(keys.ip, 1)]);
    },
  };
}
