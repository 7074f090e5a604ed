import { createHmac } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import { RateLimiterPrisma, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDatabase } from "../db/connection";
import { getRedis } from "../db/redis";
import { throttleNetworks } from "../http/client-address";
import { errorFields, log } from "../log";
import type { PrismaClient } from "../db/generated/client";

/**
 * Password-attempt throttling (guessing, stuffing, spraying) that cannot be turned against the
 * account's owner. Attempts are taken *before* the password is checked (so a parallel burst cannot
 * pass the check before it is counted), given back when the password was right, and given back too
 * when the attempt is refused: a refused attempt counts nowhere.
 *
 * Sign-in (form and app), by who is trying (an IPv4 address or IPv6 /64 is one client; an IPv4 /24
 * or IPv6 /48 one network, so rotating through a block buys nothing):
 * - one client at one account: 5 in 15 minutes; one network at one account: 15;
 * - one client at any accounts: 100 an hour; one network: 300 (spraying);
 * - one account from everywhere: 20 an hour, to which one client adds at most its first 3 attempts
 *   and one network its first 4 per 15 minutes, so no single network can use it up. Beyond it
 *   (guessing from many networks) the account is slowed, not locked: networks the owner has signed
 *   in from in the last 30 days (by /24 or /48) go on as before; every other network gets 3
 *   attempts per 10 minutes of its own, so strangers slow only themselves and can never take the
 *   owner's turn on a network the owner has not used before.
 * Re-authentication inside a session (elevation, password change, step-up) is limited per session
 * instead, 5 in 15 minutes, and touches no sign-in count: nobody at the sign-in form can stop a
 * signed-in owner from confirming their password and ending a thief's device, and a stranger's
 * wrong step-up passwords are counted apart from the owner's own re-entries.
 *
 * Counters live in Redis when configured (PostgreSQL as the insurance store), otherwise in
 * PostgreSQL. Their keys are HMAC-SHA-256 under a server key: a dump of either holds no email and
 * no address.
 */
export const LOGIN_LIMITS = {
  accountHost: { points: 5, duration: 15 * 60 },
  accountNetwork: { points: 15, duration: 15 * 60 },
  host: { points: 100, duration: 60 * 60 },
  network: { points: 300, duration: 60 * 60 },
  account: { points: 20, duration: 60 * 60 },
  accountSlow: { points: 3, duration: 10 * 60 },
  reauth: { points: 5, duration: 15 * 60 },
} as const;

/** The most one client and one network add to an account's count within their own windows. */
export const ACCOUNT_SHARE = { host: 3, network: 4 } as const;
/** A network the owner signed in from this recently is never slowed by guessing elsewhere. */
export const FAMILIAR_NETWORK_MS = 30 * 24 * 3_600_000;

type LimitName = keyof typeof LOGIN_LIMITS;
export type LoginLimiters = Record<LimitName, RateLimiterAbstract>;

export function createLoginLimiters({
  prisma,
  redis,
  keyPrefix = "login",
}: {
  prisma: PrismaClient;
  redis: Redis | Cluster | null;
  keyPrefix?: string;
}): LoginLimiters {
  const make = (name: LimitName) => {
    const rule = { keyPrefix: `${keyPrefix}:${name}`, ...LOGIN_LIMITS[name] };
    const db = new RateLimiterPrisma({ storeClient: prisma, tableName: "rateLimiterFlexible", ...rule });
    return redis ? new RateLimiterRedis({ storeClient: redis, insuranceLimiter: db, ...rule }) : db;
  };
  const limiters = {} as LoginLimiters;
  for (const name of Object.keys(LOGIN_LIMITS) as LimitName[]) limiters[name] = make(name);
  return limiters;
}

/** Whose password is being tried: a sign-in, or a re-entry inside a live session. */
export type ThrottleSubject =
  | { kind: "sign-in"; email: string; ip: string; userId: string | null }
  | { kind: "re-auth"; sessionId: string; group: "in-session" | "step-up" };

export interface ThrottledAttempt {
  /** seconds to wait; 0 when the attempt may go ahead */
  retryAfterSeconds: number;
  /** the password was right: give back what this attempt took, and start the client's count over */
  giveBack(): Promise<void>;
}

export interface LoginThrottle {
  take(subject: ThrottleSubject): Promise<ThrottledAttempt>;
}

export interface ThrottleDeps {
  limiters(): Promise<LoginLimiters>;
  /** 32 bytes under which counter keys are made */
  keyHmac: Uint8Array;
  /** whether the user signed in from the network (/24, /48) of this address recently */
  familiarNetwork(userId: string, ip: string): Promise<boolean>;
}

const seconds = (ms: number) => (ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0);

/** One attempt's bookkeeping: what it took from which counter, and the longest wait a counter asked for. */
class Tally {
  readonly taken = new Map<LimitName, string>();
  readonly results = new Map<LimitName, RateLimiterRes>();
  waitMs = 0;
  constructor(private readonly all: LoginLimiters) {}

  /** Counts the attempt; `refusing` counters make it wait once they are used up. */
  async count(name: LimitName, key: string, { refusing }: { refusing: boolean }) {
    try {
      this.results.set(name, await this.all[name].consume(key, 1));
      this.taken.set(name, key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        // both counter stores failing must not lock every user out: the attempt goes ahead, and the
        // password check still stands between the caller and the account
        log.warn(errorFields(error), "throttling counters unavailable");
        return;
      }
      this.results.set(name, error);
      this.taken.set(name, key);
      if (refusing) this.waitMs = Math.max(this.waitMs, error.msBeforeNext);
    }
  }

  consumed = (name: LimitName) => this.results.get(name)?.consumedPoints;

  /** Gives back one point to every counter this attempt took from. */
  giveBack(except?: LimitName) {
    return Promise.allSettled([...this.taken].filter(([name]) => name !== except).map(([name, key]) => this.all[name].reward(key, 1)));
  }
}

/** A counter's key: an HMAC of what it counts (an email, a network), so no dump reveals either. */
export const counterKey = (keyHmac: Uint8Array, ...parts: string[]) =>
  createHmac("sha256", keyHmac).update(parts.join("\u0000")).digest("base64url").slice(0, 32);

export function loginThrottle(deps: ThrottleDeps): LoginThrottle {
  const key = (...parts: string[]) => counterKey(deps.keyHmac, ...parts);

  async function takeSignIn(tally: Tally, all: LoginLimiters, subject: Extract<ThrottleSubject, { kind: "sign-in" }>) {
    const { email } = subject;
    const nets = throttleNetworks(subject.ip) ?? { host: "unreadable", network: "unreadable" };
    await Promise.all([
      tally.count("accountHost", key("accountHost", email, nets.host), { refusing: true }),
      tally.count("accountNetwork", key("accountNetwork", email, nets.network), { refusing: true }),
      tally.count("host", key("host", nets.host), { refusing: true }),
      tally.count("network", key("network", nets.network), { refusing: true }),
    ]);
    if (tally.waitMs > 0) return;
    // the account's own count: only a client's and a network's first few attempts go into it
    const accountKey = key("account", email);
    const share =
      (tally.consumed("accountHost") ?? Infinity) <= ACCOUNT_SHARE.host &&
      (tally.consumed("accountNetwork") ?? Infinity) <= ACCOUNT_SHARE.network;
    if (share) await tally.count("account", accountKey, { refusing: false });
    const used = share ? tally.consumed("account") : (await all.account.get(accountKey).catch(() => null))?.consumedPoints;
    if ((used ?? 0) <= LOGIN_LIMITS.account.points) return;
    // guessed from many networks: slowed, except where the owner signs in
    const familiar = subject.userId !== null && (await deps.familiarNetwork(subject.userId, subject.ip).catch(() => false));
    if (!familiar) await tally.count("accountSlow", key("accountSlow", email, nets.network), { refusing: true });
  }

  return {
    async take(subject) {
      const all = await deps.limiters();
      const tally = new Tally(all);
      if (subject.kind === "re-auth") await tally.count("reauth", key("reauth", subject.sessionId, subject.group), { refusing: true });
      else await takeSignIn(tally, all, subject);

      if (tally.waitMs > 0) {
        await tally.giveBack();
        return { retryAfterSeconds: seconds(tally.waitMs), giveBack: async () => {} };
      }
      return {
        retryAfterSeconds: 0,
        async giveBack() {
          // the client's count at this account starts over; every other counter gets its point back
          const host = tally.taken.get("accountHost");
          const reauth = tally.taken.get("reauth");
          await Promise.allSettled([
            host ? all.accountHost.delete(host) : null,
            reauth ? all.reauth.delete(reauth) : null,
            tally.giveBack(host ? "accountHost" : "reauth"),
          ]);
        },
      };
    },
  };
}

const KEY = Symbol.for("next-session-secure.login-limiters");
type Holder = { [KEY]?: Promise<LoginLimiters> };
export function appLimiters(): Promise<LoginLimiters> {
  const holder = globalThis as Holder;
  holder[KEY] ??= getDatabase()
    .then(({ prisma }) => createLoginLimiters({ prisma, redis: getRedis() }))
    .catch((error) => {
      delete holder[KEY];
      throw error;
    });
  return holder[KEY];
}
