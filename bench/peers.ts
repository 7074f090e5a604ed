/**
 * The peers of `npm run bench` (b): the session check of express-session with connect-redis, and of
 * better-auth with its sessions in Redis (secondary storage), each on the same Redis as ours, timed
 * the same way. Dev dependencies of the bench only; nothing here is part of the app.
 *
 * What each check does, as in a request: express-session unsigns the `connect.sid` cookie and reads
 * the session from Redis (connect-redis over node-redis, which connect-redis requires); better-auth
 * `auth.api.getSession` verifies its signed cookie and reads the session and user from Redis.
 */
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { RedisStore } from "connect-redis";
import signature from "cookie-signature";
import type { SessionData } from "express-session";
import type { Redis } from "ioredis";
import { createClient } from "redis";

export type Check = () => Promise<void>;

/** Times `runs` sequential calls of a check (after a warm-up), in ms each. */
export async function timeCheck(check: Check, runs: number): Promise<number[]> {
  for (let i = 0; i < Math.min(500, runs); i++) await check();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await check();
    times.push(performance.now() - t);
  }
  return times;
}

export async function expressSessionCheck(redisUrl: string, sessions: number): Promise<{ check: Check; close(): Promise<void> }> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  const store = new RedisStore({ client, prefix: "bench-express:" });
  const secret = "express-session-bench-secret-0123456789";
  const cookies: string[] = [];
  for (let i = 0; i < sessions; i++) {
    const sid = `express-${i}-${Math.random().toString(36).slice(2)}`;
    const data = {
      cookie: { originalMaxAge: 8 * 3_600_000, expires: new Date(Date.now() + 8 * 3_600_000), httpOnly: true, path: "/" },
      userId: `user-${i}`,
    };
    await new Promise<void>((resolve, reject) =>
      store.set(sid, data as unknown as SessionData, (error) => (error ? reject(error) : resolve())),
    );
    cookies.push(`s:${signature.sign(sid, secret)}`);
  }
  let n = 0;
  return {
    check: async () => {
      const sid = signature.unsign(cookies[n++ % cookies.length]!.slice(2), secret);
      if (!sid) throw new Error("express-session: bad signature");
      const found = await new Promise<SessionData | null | undefined>((resolve, reject) =>
        store.get(sid, (error, s) => (error ? reject(error) : resolve(s))),
      );
      if (!found) throw new Error("express-session: no session");
    },
    close: async () => {
      await client.quit();
    },
  };
}

export async function betterAuthCheck(redis: Redis, sessions: number): Promise<{ check: Check; close(): Promise<void> }> {
  const auth = betterAuth({
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    secret: "better-auth-bench-secret-0123456789abcdef",
    baseURL: "http://127.0.0.1:3000",
    emailAndPassword: { enabled: true },
    secondaryStorage: {
      get: (key) => redis.get(`bench-better-auth:${key}`),
      set: async (key, value, ttl) => {
        if (ttl) await redis.set(`bench-better-auth:${key}`, value, "EX", ttl);
        else await redis.set(`bench-better-auth:${key}`, value);
      },
      delete: async (key) => {
        await redis.del(`bench-better-auth:${key}`);
      },
      getAndDelete: (key) => redis.getdel(`bench-better-auth:${key}`),
      increment: async (key, ttl) => {
        const value = await redis.incr(`bench-better-auth:${key}`);
        if (value === 1) await redis.expire(`bench-better-auth:${key}`, ttl);
        return value;
      },
    },
    logger: { disabled: true },
  });
  const headers: Headers[] = [];
  for (let i = 0; i < sessions; i++) {
    const response = await auth.api.signUpEmail({
      body: { email: `bench-${i}@example.com`, password: "bench-password-1", name: `Bench ${i}` },
      asResponse: true,
    });
    headers.push(
      new Headers({
        cookie: response.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; "),
      }),
    );
  }
  let n = 0;
  return {
    check: async () => {
      if (!(await auth.api.getSession({ headers: headers[n++ % headers.length]! }))) throw new Error("better-auth: no session");
    },
    close: async () => {},
  };
}
