import { RateLimiterPrisma, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDatabase } from "../db/connection";
import { getRedis } from "../db/redis";

/**
 * Sign-in throttling (credential stuffing, password guessing). Only failures count:
 * - per account and address: 5 failures in 15 minutes;
 * - per account from anywhere: 20 failures an hour (slows distributed guessing without letting one
 *   address lock a user out);
 * - per address: 100 failures an hour (one address spraying many accounts).
 * Counters live in Redis when configured (PostgreSQL as the insurance store), otherwise in PostgreSQL.
 */
const RULES = {
  accountIp: { points: 5, duration: 15 * 60 },
  account: { points: 20, duration: 60 * 60 },
  ip: { points: 100, duration: 60 * 60 },
} as const;

type Limiters = Record<keyof typeof RULES, RateLimiterAbstract>;
const KEY = Symbol.for("next-session-secure.login-limiters");
type Holder = { [KEY]?: Promise<Limiters> };

function limiters(): Promise<Limiters> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const { prisma } = await getDatabase();
    const redis = getRedis();
    const make = (name: keyof typeof RULES) => {
      const rule = { keyPrefix: `login:${name}`, ...RULES[name] };
      const db = new RateLimiterPrisma({ storeClient: prisma, tableName: "rateLimiterFlexible", ...rule });
      return redis ? new RateLimiterRedis({ storeClient: redis, insuranceLimiter: db, ...rule }) : db;
    };
    return { accountIp: make("accountIp"), account: make("account"), ip: make("ip") };
  })();
  return holder[KEY];
}

const keys = (email: string, ip: string) => ({ accountIp: `${email}|${ip}`, account: email, ip });

/** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
export async function loginRetryAfter(email: string, ip: string): Promise<number> {
  const all = await limiters();
  const k = keys(email, ip);
  let wait = 0;
  for (const name of Object.keys(RULES) as (keyof typeof RULES)[]) {
    const res = await all[name].get(k[name]);
    if (res && res.consumedPoints >= RULES[name].points) wait = Math.max(wait, Math.ceil(res.msBeforeNext / 1000));
  }
  return wait;
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  const all = await limiters();
  const k = keys(email, ip);
  await Promise.all(
    (Object.keys(RULES) as (keyof typeof RULES)[]).map((name) => all[name].penalty(k[name], 1).catch(() => undefined)),
  );
}

export async function recordLoginSuccess(email: string, ip: string): Promise<void> {
  const all = await limiters();
  await all.accountIp.delete(keys(email, ip).accountIp).catch(() => undefined);
}
