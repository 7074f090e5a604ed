/**
 * `npm run bench`: the session layer's hot path, measured on this machine, with each figure next to its
 * target and the ratio between them. Needs PostgreSQL and Redis (TEST_DATABASE_URL / TEST_REDIS_URL,
 * defaults 127.0.0.1); uses a database `session_bench` and Redis database 10 of its own, and stops by
 * itself. Results go to docs/bench.json and docs/bench.md.
 *
 *   (a) a session-checked page vs the same page behind a no-op middleware and behind none, on the
 *       Edge and Node runtimes (bench-pages.ts: five builds, ~10 minutes; BENCH_PAGES=0 skips it)
 *   (b) the core validate path on Redis vs express-session + connect-redis and better-auth getSession
 *       on the same Redis (bench-peers.ts)
 *   (c) validation latency p50/p99 at a steady 1,000 validations/s (core validate on Redis over PostgreSQL)
 *   (d) validation cost with 1,000 vs 1,000,000 stored sessions (Redis hot copy, and PostgreSQL alone)
 *   (e) Redis memory per cached session
 *   (f) the front server (server.ts): the real page under it vs under plain `next start`, and the CPU
 *       its address resolution costs per request
 *   (g) the Edge middleware with adoption of other systems' sessions configured vs not, for requests
 *       that carry no foreign cookie (bench/adoption.ts)
 * and, side by side, the layers of the validate path (process memory → Redis → PostgreSQL) and the
 * sealed cookie read cold vs remembered.
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { Redis } from "ioredis";
import { freshDatabase, testDatabaseUrl } from "../test/support/databases";
import { until } from "../test/support/wait";
import { openDatabase, type Database } from "../lib/db/connection";
import { loadPolicy } from "../lib/session/policy";
import { createSessionService, type SessionService } from "../lib/session/service";
import { MemoryAuditLog } from "../lib/session/stores/memory";
import { PrismaSessionStore } from "../lib/session/stores/prisma";
import { redisFromEnv } from "../lib/db/redis";
import { hotCopyKey, RedisCachedSessionStore } from "../lib/session/stores/redis";
import { MemoryCachedSessionStore } from "../lib/session/stores/memory-cache";
import { RedisInvalidationBus } from "../lib/session/stores/redis-bus";
import { sealSessionCookie, unsealSessionCookie } from "../lib/session/cookie";
import { betterAuthCheck, expressSessionCheck, timeCheck } from "./peers";
import { BENCH_USER_AGENT, benchPages, type FrontServerResult, type PageResult } from "./pages";
import { resolveClientAddress } from "../lib/http/client-address";
import { getSessionConfig } from "../lib/session/config";
import { adoptionCost } from "./adoption";

const REDIS = `${(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379").replace(/\/\d*$/, "")}/10`;
const DB_NAME = "session_bench";
const LARGE = Number(process.env.BENCH_SESSIONS ?? 1_000_000);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(3)} ms`;

const BENCH_DATABASE = testDatabaseUrl(DB_NAME);
const benchDatabase = async (): Promise<Database> => openDatabase(await freshDatabase(BENCH_DATABASE));

/** Sessions `bench-<from>` … `bench-<to-1>` of one user, inserted by PostgreSQL itself (token = "bench-<i>"). */
async function insertSessions(db: Database, userId: string, from: number, to: number) {
  const step = 200_000;
  for (let start = from; start < to; start += step) {
    const end = Math.min(to, start + step);
    await db.pool.query(
      `INSERT INTO sessions (id, token_hash, user_id, kind, created_at, last_seen_at, rotated_at)
       SELECT gen_random_uuid(), encode(sha256(convert_to('bench-' || i, 'UTF8')), 'hex'), $1, 'browser', now(), now(), now()
       FROM generate_series($2::int, $3::int - 1) AS i`,
      [userId, start, end],
    );
  }
  await db.pool.query("ANALYZE sessions");
}

const tokenOf = (i: number) => `bench-${i}`;

/** Sequential validations of random tokens among `count`; returns per-call latencies (ms). */
async function sequential(svc: SessionService, count: number, runs: number) {
  const times: number[] = [];
  for (let n = 0; n < runs; n++) {
    const token = tokenOf(Math.floor(Math.random() * count));
    const t = performance.now();
    const result = await svc.validateSessionToken(token, { activity: false });
    times.push(performance.now() - t);
    if (!result.ok) throw new Error(`validation failed: ${result.reason}`);
  }
  return times;
}

/** Validations started at a steady `rate` per second for `seconds`; latency of each. */
async function paced(svc: SessionService, count: number, rate: number, seconds: number) {
  const times: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  const total = rate * seconds;
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const token = tokenOf(Math.floor(Math.random() * count));
    const t = performance.now();
    pending.push(
      svc.validateSessionToken(token, { activity: false }).then((r) => {
        times.push(performance.now() - t);
        if (!r.ok) throw new Error(`validation failed: ${r.reason}`);
      }),
    );
  }
  await Promise.all(pending);
  return { times, achieved: total / ((performance.now() - start) / 1000) };
}

async function main() {
  console.log(
    `Session bench on ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
  );
  const db = await benchDatabase();
  const redis = new Redis(REDIS); // the bench's own: set-up, INFO, MEMORY USAGE
  await redis.flushdb();
  // the stores use the app's own client, with its options (lib/db/redis.ts)
  const appRedis = redisFromEnv({ REDIS_URL: REDIS })!;
  await new Promise((resolve) => appRedis.once("ready", resolve));
  const user = await db.prisma.user.create({ data: { email: `bench-${randomBytes(4).toString("hex")}@bench.test`, passwordHash: "x" } });
  const policy = loadPolicy({ SESSION_IDLE_TIMEOUT: "8h", SESSION_ABSOLUTE_TIMEOUT: "24h" });
  const key = new Uint8Array(32).fill(1);
  const primary = new PrismaSessionStore(db.prisma);
  const cached = createSessionService({
    store: new RedisCachedSessionStore(primary, appRedis, { keyPrefix: "bench:" }),
    audit: new MemoryAuditLog(),
    policy,
    successorKey: key,
  });
  const dbOnly = createSessionService({ store: primary, audit: new MemoryAuditLog(), policy, successorKey: key });
  const rows: Array<{ measure: string; value: string; target: string; ratio: string; ok: boolean }> = [];
  const row = (measure: string, value: number, unit: string, target: number, lowerIsBetter = true) => {
    const ratio = lowerIsBetter ? target / value : value / target;
    rows.push({
      measure,
      value: `${value.toFixed(3)}${unit}`,
      target: `${lowerIsBetter ? "≤" : "≥"} ${target}${unit}`,
      ratio: `${ratio.toFixed(2)}×`,
      ok: ratio >= 1,
    });
  };

  // ── 1,000 sessions ──
  const SMALL = 1_000;
  await insertSessions(db, user.id, 0, SMALL);
  await sequential(cached, SMALL, 3_000); // warm: every token now has a Redis copy
  const smallRedis = await sequential(cached, SMALL, 5_000);
  const smallDb = await sequential(dbOnly, SMALL, 3_000);
  const steady = await paced(cached, SMALL, 1_000, 5);
  row(`(c) p50 at ${Math.round(steady.achieved)} validations/s (Redis)`, quantile(steady.times, 0.5), " ms", 1);
  row(`(c) p99 at ${Math.round(steady.achieved)} validations/s (Redis)`, quantile(steady.times, 0.99), " ms", 2);

  // ── the production layering: process memory in front, kept exact by the change bus ──
  const bus = new RedisInvalidationBus(appRedis, { channel: "bench:changes" });
  const hot = new RedisCachedSessionStore(primary, appRedis, { keyPrefix: "bench:", available: () => bus.live });
  await until(() => bus.live, { what: "the change bus trusting Redis" });
  const layered = createSessionService({
    store: new MemoryCachedSessionStore(hot, bus),
    audit: new MemoryAuditLog(),
    policy,
    successorKey: key,
  });
  await sequential(layered, SMALL, 3_000);
  const smallMemory = await sequential(layered, SMALL, 5_000);
  const steadyLayered = await paced(layered, SMALL, 1_000, 5);
  row(
    `(c) p99 at ${Math.round(steadyLayered.achieved)} validations/s (memory → Redis → PostgreSQL)`,
    quantile(steadyLayered.times, 0.99),
    " ms",
    2,
  );

  // ── (b) peers on the same Redis, timed the same way (sequential, one call at a time) ──
  const express = await expressSessionCheck(REDIS, SMALL);
  const expressTimes = await timeCheck(express.check, 5_000);
  await express.close();
  const better = await betterAuthCheck(redis, 20);
  const betterTimes = await timeCheck(better.check, 5_000);
  await better.close();
  const oursTimes = await sequential(cached, SMALL, 5_000);
  // the floor of a check that reads Redis: one GET of a copy, by the app's client, nothing else
  const copies = await redis.keys(hotCopyKey("bench:", "*"));
  let g = 0;
  const floorTimes = await timeCheck(async () => void (await appRedis.get(copies[g++ % copies.length]!)), 5_000);
  const ours = quantile(oursTimes, 0.5);
  const oursLayered = quantile(await sequential(layered, SMALL, 5_000), 0.5);
  // both peers read Redis on every check; ours does in the Redis-only row, and in production answers
  // from process memory (kept exact by the change bus) when it can
  row("(b) express-session + connect-redis p50 ÷ ours, Redis read every time", quantile(expressTimes, 0.5) / ours, "×", 1.5, false);
  row(
    "(b) express-session + connect-redis p50 ÷ one GET alone (the floor)",
    quantile(expressTimes, 0.5) / quantile(floorTimes, 0.5),
    "×",
    1.5,
    false,
  );
  row("(b) express-session + connect-redis p50 ÷ ours, production layering", quantile(expressTimes, 0.5) / oursLayered, "×", 1.5, false);
  row("(b) better-auth getSession p50 ÷ ours, Redis read every time", quantile(betterTimes, 0.5) / ours, "×", 2, false);
  row("(b) better-auth getSession p50 ÷ ours, production layering", quantile(betterTimes, 0.5) / oursLayered, "×", 2, false);

  bus.close();

  // ── the sealed cookie: verified in full, or remembered (same string) ──
  const secrets = { 1: randomBytes(32).toString("hex") };
  const seals = await Promise.all(
    Array.from({ length: 2_000 }, (_, i) =>
      sealSessionCookie(
        {
          token: `${tokenOf(i)}-${"x".repeat(40)}`,
          userId: user.id,
          createdAt: Date.now(),
          lastSeenAt: Date.now(),
          rotatedAt: Date.now(),
          elevatedUntil: null,
        },
        secrets,
        policy,
      ),
    ),
  );
  const timeUnseal = async (list: string[]) => {
    const t = performance.now();
    for (const seal of list) if (!(await unsealSessionCookie(seal, secrets, policy))) throw new Error("unseal failed");
    return (performance.now() - t) / list.length;
  };
  const unsealCold = await timeUnseal(seals);
  const unsealWarm = await timeUnseal(seals);

  // ── (e) Redis memory per cached session ──
  await redis.flushdb();
  const emptied = Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1]);
  await sequential(cached, SMALL, 6_000);
  const filled = Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1]);
  const keys = await redis.dbsize();
  const sample = await redis.keys(hotCopyKey("bench:", "*"));
  const perKey =
    (await Promise.all(sample.slice(0, 200).map((k) => redis.memory("USAGE", k) as Promise<number>))).reduce((a, b) => a + b, 0) /
    Math.min(200, sample.length);
  row("(e) Redis memory per cached session (MEMORY USAGE)", perKey, " B", 512);

  // ── 1,000,000 sessions ──
  console.log(`inserting ${LARGE.toLocaleString()} sessions…`);
  await insertSessions(db, user.id, SMALL, LARGE);
  await redis.flushdb();
  await sequential(cached, LARGE, 5_000); // warm a sample of the large set
  const largeRedisAll = await sequential(cached, LARGE, 5_000);
  const largeDb = await sequential(dbOnly, LARGE, 3_000);
  const p50 = (xs: number[]) => quantile(xs, 0.5);
  row(
    `(d) p50 with ${LARGE.toLocaleString()} vs ${SMALL.toLocaleString()} sessions, PostgreSQL path (ratio)`,
    p50(largeDb) / p50(smallDb),
    "",
    1.5,
  );
  row(`(d) p50 with ${LARGE.toLocaleString()} sessions (Redis, mostly cold keys)`, p50(largeRedisAll), " ms", 2);

  // ── (f) the front server's own work per request: resolving the client address ──
  const resolveRuns = 200_000;
  const resolveStart = performance.now();
  for (let i = 0; i < resolveRuns; i++) {
    resolveClientAddress({ socketAddress: "::ffff:127.0.0.1", forwardedFor: `198.51.100.${i & 255}, 203.0.113.9`, hops: i & 1 });
  }
  const resolveMicros = ((performance.now() - resolveStart) * 1000) / resolveRuns;
  row("(f) front server: client address resolution per request", resolveMicros, " µs", 10);

  // ── (g) adoption configured, no foreign cookie: the middleware, with the MIGRATE_FROM_* variables set and unset ──
  process.env.SESSION_SECRET ??= randomBytes(32).toString("base64url");
  const middlewareSeal = () => {
    const now = Date.now();
    const { secrets: own, policy: ownPolicy } = getSessionConfig();
    return sealSessionCookie(
      {
        token: randomBytes(32).toString("base64url"),
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        rotatedAt: now,
        elevatedUntil: null,
      },
      own,
      ownPolicy,
    );
  };
  const adoption = await adoptionCost(middlewareSeal);
  row(
    "(g) middleware, live session: adoption configured ÷ not (time per request)",
    adoption.withSession.configured / adoption.withSession.unconfigured,
    "×",
    1.05,
  );
  row(
    "(g) middleware, no cookie: adoption configured ÷ not (time per request)",
    adoption.withoutCookie.configured / adoption.withoutCookie.unconfigured,
    "×",
    1.05,
  );

  // ── (a) the page: built five ways, served by the front server, against the same database and Redis ──
  let pages: PageResult[] = [];
  let frontServer: FrontServerResult | null = null;
  if (process.env.BENCH_PAGES !== "0") {
    const secret = randomBytes(32).toString("base64url");
    const pagePolicy = loadPolicy({});
    const pageSessions = createSessionService({ store: primary, audit: new MemoryAuditLog(), policy: pagePolicy, successorKey: key });
    // a user of its own: the bench user above holds a million sessions
    const pageUser = await db.prisma.user.create({
      data: { email: `bench-pages-${randomBytes(4).toString("hex")}@bench.test`, passwordHash: "x" },
    });
    ({ pages, frontServer } = await benchPages({
      root: process.cwd(),
      env: {
        DATABASE_URL: BENCH_DATABASE,
        REDIS_URL: REDIS,
        REDIS_KEY_PREFIX: "bench-pages:",
        SESSION_SECRET: secret,
        LOG_LEVEL: "warn",
      },
      cookie: async () => {
        const created = await pageSessions.createSession(pageUser.id, { userAgent: BENCH_USER_AGENT, ipPrefix: "127.0.0.0/24" });
        if (created.status !== "created") throw new Error(created.status);
        const s = created.session;
        const seal = await sealSessionCookie(
          {
            token: created.token,
            userId: s.userId,
            createdAt: s.createdAt,
            lastSeenAt: s.lastSeenAt,
            rotatedAt: s.rotatedAt,
            elevatedUntil: s.elevatedUntil,
          },
          { 1: secret },
          pagePolicy,
        );
        return `sid=${seal}`;
      },
      log: (line) => console.log(line),
    }));
    const rps = (v: PageResult["variant"]) => pages.find((p) => p.variant === v)!.requestsPerSecond;
    row("(a) Edge: session page ÷ no-op middleware page (requests/s)", rps("edge") / rps("edge-noop"), "×", 0.95, false);
    row("(a) Edge: session page ÷ no middleware (requests/s)", rps("edge") / rps("none"), "×", 0.9, false);
    row("(a) Node: session page ÷ no-op proxy page (requests/s)", rps("node") / rps("node-noop"), "×", 0.95, false);
    row("(a) Node: session page ÷ no middleware (requests/s)", rps("node") / rps("none"), "×", 0.9, false);
    const median = (xs: number[]) => quantile(xs, 0.5);
    row(
      "(f) front server ÷ next start, same build (requests/s)",
      median(frontServer.front) / median(frontServer.nextStart),
      "×",
      0.95,
      false,
    );
  }

  const results = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    at: new Date().toISOString(),
    sessions: { small: SMALL, large: LARGE },
    latencyMs: {
      redis1k: { p50: p50(smallRedis), p99: quantile(smallRedis, 0.99) },
      db1k: { p50: p50(smallDb), p99: quantile(smallDb, 0.99) },
      steady1k: { rate: steady.achieved, p50: p50(steady.times), p99: quantile(steady.times, 0.99) },
      memory1k: { p50: p50(smallMemory), p99: quantile(smallMemory, 0.99) },
      steadyLayered1k: { rate: steadyLayered.achieved, p50: p50(steadyLayered.times), p99: quantile(steadyLayered.times, 0.99) },
      unsealMs: { cold: unsealCold, remembered: unsealWarm },
      peers: {
        ours: { p50: ours, p99: quantile(oursTimes, 0.99) },
        oneGet: { p50: quantile(floorTimes, 0.5), p99: quantile(floorTimes, 0.99) },
        expressSession: { p50: quantile(expressTimes, 0.5), p99: quantile(expressTimes, 0.99) },
        betterAuth: { p50: quantile(betterTimes, 0.5), p99: quantile(betterTimes, 0.99) },
      },
      db1M: { p50: p50(largeDb), p99: quantile(largeDb, 0.99) },
      redis1M: { p50: p50(largeRedisAll), p99: quantile(largeRedisAll, 0.99) },
    },
    pages,
    frontServer: frontServer && { ...frontServer, resolveMicros },
    adoptionMicros: adoption,
    redis: { bytesPerSessionKey: perKey, usedMemoryDeltaPerKey: (filled - emptied) / Math.max(1, keys), keys },
    rows,
  };
  const table = [
    "| measure | value | target | ratio to target | met |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.measure} | ${r.value} | ${r.target} | ${r.ratio} | ${r.ok ? "yes" : "no"} |`),
  ].join("\n");
  const side = [
    "",
    "| validate path, 1k sessions, sequential | p50 | p99 | p50 vs PostgreSQL alone |",
    "|---|---|---|---|",
    ...(
      [
        ["memory → Redis → PostgreSQL (production)", results.latencyMs.memory1k],
        ["Redis → PostgreSQL", results.latencyMs.redis1k],
        ["PostgreSQL alone", results.latencyMs.db1k],
      ] as const
    ).map(([name, l]) => `| ${name} | ${ms(l.p50)} | ${ms(l.p99)} | ${(results.latencyMs.db1k.p50 / l.p50).toFixed(1)}× faster |`),
    ...(pages.length
      ? [
          "",
          "| /account (signed in), 8 clients, 10 s | requests/s |",
          "|---|---|",
          ...pages.map((p) => `| ${p.variant} | ${p.requestsPerSecond.toFixed(0)} |`),
          ...(frontServer
            ? [
                `| edge, front server (alternating runs) | ${frontServer.front.map((x) => x.toFixed(0)).join(", ")} |`,
                `| edge, next start (alternating runs) | ${frontServer.nextStart.map((x) => x.toFixed(0)).join(", ")} |`,
              ]
            : []),
        ]
      : []),
    "",
    "| session check on the same Redis, sequential | p50 | p99 |",
    "|---|---|---|",
    `| ours (validate: token hash, Redis copy, expiry and binding checks) | ${ms(results.latencyMs.peers.ours.p50)} | ${ms(results.latencyMs.peers.ours.p99)} |`,
    `| one Redis GET by the app's client, nothing else (the floor) | ${ms(results.latencyMs.peers.oneGet.p50)} | ${ms(results.latencyMs.peers.oneGet.p99)} |`,
    `| express-session 1.19 + connect-redis 10 (unsign cookie, store.get) | ${ms(results.latencyMs.peers.expressSession.p50)} | ${ms(results.latencyMs.peers.expressSession.p99)} |`,
    `| better-auth 1.7 getSession (signed cookie, secondary storage) | ${ms(results.latencyMs.peers.betterAuth.p50)} | ${ms(results.latencyMs.peers.betterAuth.p99)} |`,
    "",
    `front server: ${resolveMicros.toFixed(2)} µs of address resolution per request`,
    `sealed cookie read: ${ms(unsealCold)} verified in full, ${ms(unsealWarm)} remembered (${(unsealCold / unsealWarm).toFixed(0)}× less)`,
  ].join("\n");
  const detail = [
    side,
    "",
    `validate on Redis, 1k sessions: p50 ${ms(results.latencyMs.redis1k.p50)}, p99 ${ms(results.latencyMs.redis1k.p99)} (sequential)`,
    `middleware per request, adoption unconfigured → configured: live session ${adoption.withSession.unconfigured.toFixed(1)} → ${adoption.withSession.configured.toFixed(1)} µs, no cookie ${adoption.withoutCookie.unconfigured.toFixed(1)} → ${adoption.withoutCookie.configured.toFixed(1)} µs (median of 30 alternating rounds of 1,000)`,
    `validate on PostgreSQL only, 1k sessions: p50 ${ms(results.latencyMs.db1k.p50)}, p99 ${ms(results.latencyMs.db1k.p99)}`,
    `validate on PostgreSQL only, ${LARGE.toLocaleString()} sessions: p50 ${ms(results.latencyMs.db1M.p50)}, p99 ${ms(results.latencyMs.db1M.p99)}`,
    `Redis used_memory growth per key: ${results.redis.usedMemoryDeltaPerKey.toFixed(0)} B over ${keys} keys (a session has two token keys only while a replaced token is in its grace window)`,
  ].join("\n");
  console.log(`${table}\n${detail}`);
  await mkdir("docs", { recursive: true });
  await writeFile("docs/bench.json", JSON.stringify(results, null, 2) + "\n");
  await writeFile(
    "docs/bench.md",
    `# Session bench\n\n${results.machine.cpus} × ${results.machine.model}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}, ${results.at}\n\n${table}\n${detail}\n`,
  );
  redis.disconnect();
  appRedis.disconnect();
  await db.close();
}

await main();
