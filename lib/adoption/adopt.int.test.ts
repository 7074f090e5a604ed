import { randomBytes, randomUUID } from "node:crypto";
import { encode as encodeAuthjs } from "@auth/core/jwt";
import { RedisStore } from "connect-redis";
import { sign } from "cookie-signature";
import { sealData } from "iron-session";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPolicy } from "../session/policy";
import { createSessionService } from "../session/service";
import { PrismaAuditLog, PrismaSessionStore } from "../session/stores/prisma";
import { TEST_REDIS_URL } from "../../test/support/databases";
import { testServers } from "../../test/support/servers";
import { adoptForeignSession, endForeignSession, endForeignSessionsOf, inAdoptedShare, type AdoptionDeps } from "./adopt";
import { adoptionFrom, ADOPTION_VARIABLES, type AdoptionConfig } from "./config";
import { z } from "zod";

/**
 * Adoption against real parts: cookies made by each original package (Auth.js's encode, connect-redis
 * with express-session's signature, iron-session's sealData), our session store on PostgreSQL, and
 * the audit trail. The clock is ours, to step across the grace window.
 */
const servers = testServers();
const AUTH_SECRET = "authjs-secret-for-adoption-tests-0123456789";
const OLD_AUTH_SECRET = "authjs-previous-secret-0123456789abcdef";
const EXPRESS_SECRET = "express-session-secret-for-adoption-tests";
const IRON_PASSWORD = "iron-session-password-for-adoption-tests-0123456789";
const PREFIX = `adopt-test-${randomUUID().slice(0, 8)}:`;
const ctx = { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0", ipPrefix: "192.0.2.0/24", deviceLabel: "Chrome on Linux" };

function configFor(env: Record<string, string>): AdoptionConfig {
  return adoptionFrom(z.object(ADOPTION_VARIABLES).parse(env));
}

const CONFIG = {
  MIGRATE_FROM_AUTHJS_SECRET: `${AUTH_SECRET},${OLD_AUTH_SECRET}`,
  MIGRATE_FROM_EXPRESS_SESSION_SECRET: EXPRESS_SECRET,
  MIGRATE_FROM_EXPRESS_SESSION_REDIS_URL: TEST_REDIS_URL,
  MIGRATE_FROM_EXPRESS_SESSION_PREFIX: PREFIX,
  MIGRATE_FROM_IRON_PASSWORD: IRON_PASSWORD,
  MIGRATE_FROM_IRON_COOKIE: "app-session",
};

let now = Date.now();
let user: { id: string; email: string };
let nodeRedis: ReturnType<typeof createClient>;
let expressStore: RedisStore;

function deps(env: Record<string, string> = CONFIG): AdoptionDeps {
  const { prisma } = servers.db;
  const policy = { ...loadPolicy({}), rotationGraceMs: 2_000 };
  const key = new Uint8Array(32).fill(7);
  const audit = new PrismaAuditLog(prisma);
  const service = createSessionService({ store: new PrismaSessionStore(prisma), audit, policy, successorKey: key, clock: () => now });
  return { prisma, service, audit, config: configFor(env), keys: [key], clock: () => now };
}

const authjsCookie = async (token: Record<string, unknown>, secret = AUTH_SECRET, salt = "authjs.session-token") =>
  encodeAuthjs({ token, secret, salt });

/** A session as connect-redis stores it for express-session, and the cookie express-session sets for it. */
async function expressCookie(data: Record<string, unknown>) {
  const sid = randomBytes(18).toString("base64url");
  const session = {
    cookie: { originalMaxAge: 86_400_000, expires: new Date(now + 86_400_000).toISOString(), httpOnly: true, path: "/" },
    ...data,
  };
  await new Promise<void>((resolve, reject) => expressStore.set(sid, session as never, (error) => (error ? reject(error) : resolve())));
  return { sid, value: encodeURIComponent(`s:${sign(sid, EXPRESS_SECRET)}`) };
}

const events = async (type: string) =>
  servers.db.prisma.auditEvent.findMany({
    where: { userId: user.id, type },
    orderBy: { id: "asc" },
    select: { detail: true, sessionId: true },
  });

beforeAll(async () => {
  user = await servers.db.prisma.user.create({
    data: { email: `adopt-${randomUUID()}@test.invalid`, passwordHash: "not-a-password-hash" },
  });
  nodeRedis = createClient({ url: TEST_REDIS_URL });
  await nodeRedis.connect();
  expressStore = new RedisStore({ client: nodeRedis, prefix: PREFIX });
});

afterAll(async () => {
  await servers.db.prisma.user.deleteMany({ where: { email: { endsWith: "@test.invalid", contains: "adopt-" } } });
  await nodeRedis.quit();
});

describe("adopting an Auth.js session", () => {
  it("signs the same user in with a session of ours, audited with its source", async () => {
    const value = await authjsCookie({ email: user.email, sub: "authjs-user-1" });
    const result = await adoptForeignSession(deps(), new Map([["authjs.session-token", value]]), ctx, "adopt");
    expect(result).toMatchObject({ status: "adopted", source: "authjs", clear: ["authjs.session-token"] });
    if (result.status !== "adopted") return;
    expect(result.token).not.toContain(value.slice(0, 20));
    const check = await deps().service.validateSessionToken(result.token, { activity: false, context: ctx });
    expect(check.ok && check.session.userId).toBe(user.id);
    expect((await events("session.adopted")).at(-1)).toMatchObject({ sessionId: result.session.id, detail: { source: "authjs" } });
  });

  it("answers a parallel request with the same session inside the grace window, and ends it as stolen after (foreign cookie reuse)", async () => {
    const jar = new Map([
      ["__Secure-authjs.session-token", await authjsCookie({ email: user.email }, AUTH_SECRET, "__Secure-authjs.session-token")],
    ]);
    const first = await adoptForeignSession(deps(), jar, ctx, "adopt");
    now += 1_000;
    const parallel = await adoptForeignSession(deps(), jar, ctx, "adopt");
    expect(parallel.status === "adopted" && first.status === "adopted" && parallel.token === first.token).toBe(true);

    now += 2_000;
    const replayed = await adoptForeignSession(deps(), jar, ctx, "adopt");
    expect(replayed).toMatchObject({ status: "none", why: "reused", clear: ["__Secure-authjs.session-token"] });
    if (first.status !== "adopted") return;
    const after = await deps().service.validateSessionToken(first.token, { activity: false, context: ctx });
    expect(after).toMatchObject({ ok: false, reason: "revoked" });
    const stored = await servers.db.prisma.session.findUnique({ where: { id: first.session.id } });
    expect(stored?.revokedReason).toBe("token-reuse");
  });

  it("reads chunked cookies, v4 cookie names and tokens of a rotated-out secret", async () => {
    const long = await authjsCookie({ email: user.email, picture: "x".repeat(5_000) }, OLD_AUTH_SECRET, "next-auth.session-token");
    const jar = new Map([
      ["next-auth.session-token.0", long.slice(0, 3_000)],
      ["next-auth.session-token.1", long.slice(3_000)],
    ]);
    expect(await adoptForeignSession(deps(), jar, ctx, "adopt")).toMatchObject({
      status: "adopted",
      clear: ["next-auth.session-token.0", "next-auth.session-token.1"],
    });
  });

  it("signs out, without an error, a tampered token, one of another secret, and an unknown or disabled user", async () => {
    const good = await authjsCookie({ email: user.email });
    const tampered = good.slice(0, -4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const value of [
      tampered,
      await authjsCookie({ email: user.email }, "another-secret-entirely-0123456789"),
      "%%%",
      "x".repeat(5000),
    ])
      expect(await adoptForeignSession(deps(), new Map([["authjs.session-token", value]]), ctx, "adopt")).toMatchObject({
        status: "none",
        why: "invalid",
        clear: ["authjs.session-token"],
      });
    const stranger = await authjsCookie({ email: "nobody-here@test.invalid" });
    expect(await adoptForeignSession(deps(), new Map([["authjs.session-token", stranger]]), ctx, "adopt")).toMatchObject({
      status: "none",
      why: "unknown-user",
    });
    const disabled = await servers.db.prisma.user.create({
      data: { email: `adopt-disabled-${randomUUID()}@test.invalid`, passwordHash: "x", disabledAt: new Date() },
    });
    const ofDisabled = await authjsCookie({ email: disabled.email });
    expect(await adoptForeignSession(deps(), new Map([["authjs.session-token", ofDisabled]]), ctx, "adopt")).toMatchObject({
      status: "none",
      why: "disabled",
    });
  });

  it("at 0% adopts nobody: the user is served from the foreign session, and nothing is written", async () => {
    const jar = new Map([["authjs.session-token", await authjsCookie({ email: user.email })]]);
    const before = await servers.db.prisma.session.count({ where: { userId: user.id } });
    const result = await adoptForeignSession(deps({ ...CONFIG, MIGRATE_FROM_PERCENT: "0" }), jar, ctx, "adopt");
    expect(result).toMatchObject({ status: "foreign", source: "authjs", user: { id: user.id } });
    expect(await servers.db.prisma.session.count({ where: { userId: user.id } })).toBe(before);
    // raised to 100 later, the same cookie is adopted: no one was signed out meanwhile
    expect(await adoptForeignSession(deps(), jar, ctx, "adopt")).toMatchObject({ status: "adopted" });
  });
});

describe("adopting an express-session session (connect-redis)", () => {
  it("adopts the passport user, and deletes the session from its Redis", async () => {
    const { sid, value } = await expressCookie({ passport: { user: user.email } });
    const result = await adoptForeignSession(deps(), new Map([["connect.sid", value]]), ctx, "adopt");
    expect(result).toMatchObject({ status: "adopted", source: "express-session", clear: ["connect.sid"] });
    expect(await nodeRedis.exists(`${PREFIX}${sid}`)).toBe(0);
  });

  it("recognises the signed cookie replayed after adoption, though its session is gone from Redis, as reuse (foreign cookie reuse)", async () => {
    const { value } = await expressCookie({ passport: { user: user.email } });
    const jar = new Map([["connect.sid", value]]);
    const first = await adoptForeignSession(deps(), jar, ctx, "adopt");
    expect(first.status).toBe("adopted");
    now += 1_000;
    // inside the grace window (a parallel request of the same page): the same session
    expect(await adoptForeignSession(deps(), jar, ctx, "adopt")).toMatchObject({ status: "adopted" });
    now += 2_000;
    // a page reading it changes nothing; the middleware's call ends the session it became
    expect(await adoptForeignSession(deps(), jar, ctx, "read")).toMatchObject({ status: "none", clear: [] });
    if (first.status !== "adopted") return;
    expect((await deps().service.validateSessionToken(first.token, { activity: false, context: ctx })).ok).toBe(true);
    expect(await adoptForeignSession(deps(), jar, ctx, "adopt")).toMatchObject({ status: "none", why: "reused", clear: ["connect.sid"] });
    expect((await deps().service.validateSessionToken(first.token, { activity: false, context: ctx })).ok).toBe(false);
  });

  it("decides nothing while the old app's Redis is down: nobody signed out, no cookie cleared", async () => {
    const { value } = await expressCookie({ passport: { user: user.email } });
    const down = { ...CONFIG, MIGRATE_FROM_EXPRESS_SESSION_REDIS_URL: "redis://127.0.0.1:1/0" };
    expect(await adoptForeignSession(deps(down), new Map([["connect.sid", value]]), ctx, "adopt")).toEqual({
      status: "none",
      clear: [],
      why: "none",
    });
  });

  it("finds users by id when told to, and refuses a forged signature", async () => {
    const { value } = await expressCookie({ passport: { user: user.id } });
    expect(
      await adoptForeignSession(deps({ ...CONFIG, MIGRATE_FROM_USER_MATCH: "id" }), new Map([["connect.sid", value]]), ctx, "adopt"),
    ).toMatchObject({
      status: "adopted",
    });
    const { sid } = await expressCookie({ passport: { user: user.email } });
    const forged = encodeURIComponent(`s:${sign(sid, "not-the-secret")}`);
    expect(await adoptForeignSession(deps(), new Map([["connect.sid", forged]]), ctx, "adopt")).toMatchObject({
      status: "none",
      why: "invalid",
    });
    expect(await nodeRedis.exists(`${PREFIX}${sid}`)).toBe(1);
  });
});

describe("adopting an iron-session cookie", () => {
  it("adopts the user, counting the absolute timeout from the foreign session's creation", async () => {
    const createdAt = now - 60_000;
    const seal = await sealData({ user: { id: "iron-1", email: user.email }, createdAt }, { password: IRON_PASSWORD });
    const result = await adoptForeignSession(deps(), new Map([["app-session", seal]]), ctx, "adopt");
    expect(result).toMatchObject({ status: "adopted", source: "iron-session", session: { createdAt } });

    const old = await sealData({ user: { email: user.email }, createdAt: now - 30 * 86_400_000 }, { password: IRON_PASSWORD, ttl: 0 });
    expect(await adoptForeignSession(deps(), new Map([["app-session", old]]), ctx, "adopt")).toMatchObject({
      status: "none",
      why: "expired",
    });
  });

  it("refuses a seal signed out before (endForeignSession), as reuse", async () => {
    const seal = await sealData({ user: user.email }, { password: IRON_PASSWORD });
    expect(await endForeignSession(deps(), new Map([["app-session", seal]]))).toEqual(["app-session"]);
    now += 5_000; // past the grace window: no longer a request sent beside the sign-out
    expect(await adoptForeignSession(deps(), new Map([["app-session", seal]]), ctx, "adopt")).toMatchObject({
      status: "none",
      why: "reused",
    });
    const audited = await servers.db.prisma.auditEvent.findMany({
      where: { type: "session.reuse-detected", userId: null, createdAt: new Date(now) },
    });
    expect(audited.map((e) => e.detail)).toEqual([{ source: "iron-session", adopted: false }]);
  });
});

describe("what the records survive", () => {
  it("a secret rotation: a credential adopted under the previous secret is still refused as reuse", async () => {
    const jar = new Map([["authjs.session-token", await authjsCookie({ email: user.email })]]);
    const before = deps();
    expect((await adoptForeignSession(before, jar, ctx, "adopt")).status).toBe("adopted");
    now += 5_000;
    const rotated = { ...deps(), keys: [new Uint8Array(32).fill(9), ...before.keys] };
    expect(await adoptForeignSession(rotated, jar, ctx, "adopt")).toMatchObject({ status: "none", why: "reused" });
  });

  it("creation times in seconds are read as seconds, and a look-alike non-ASCII email matches nobody", async () => {
    const seal = await sealData({ user: user.email, createdAt: Math.floor((now - 60_000) / 1000) }, { password: IRON_PASSWORD });
    expect(await adoptForeignSession(deps(), new Map([["app-session", seal]]), ctx, "adopt")).toMatchObject({ status: "adopted" });
    // "\u212A" (KELVIN SIGN) lower-cases to "k": without the ASCII rule it would be this user
    const kelvin = await servers.db.prisma.user.create({ data: { email: `kelvin-adopt-${randomUUID()}@test.invalid`, passwordHash: "x" } });
    const lookalike = await authjsCookie({ email: kelvin.email.replace(/^k/, "\u212A") });
    expect(await adoptForeignSession(deps(), new Map([["authjs.session-token", lookalike]]), ctx, "adopt")).toMatchObject({
      status: "none",
      why: "unknown-user",
    });
  });
});

describe("ending every session of a user", () => {
  it("refuses their foreign sessions not yet adopted: a stolen old cookie does not outlive a password change (foreign session after password change)", async () => {
    const victim = await servers.db.prisma.user.create({ data: { email: `adopt-victim-${randomUUID()}@test.invalid`, passwordHash: "x" } });
    const stolen = new Map([["authjs.session-token", await authjsCookie({ email: victim.email })]]);
    const others = new Map([["authjs.session-token", await authjsCookie({ email: user.email })]]);
    await endForeignSessionsOf(deps(), victim.id);
    expect(await adoptForeignSession(deps(), stolen, ctx, "adopt")).toMatchObject({ status: "none", why: "ended" });
    expect(await adoptForeignSession(deps(), stolen, ctx, "read")).toMatchObject({ status: "none", why: "ended" });
    expect(await adoptForeignSession(deps(), others, ctx, "adopt")).toMatchObject({ status: "adopted" });
  });
});

describe("the adopted share (MIGRATE_FROM_PERCENT)", () => {
  it("is a stable hash: the same user always falls on the same side, and about the given share does", () => {
    const emails = Array.from({ length: 2_000 }, (_, i) => `user-${i}@example.com`);
    const in30 = emails.filter((e) => inAdoptedShare(e, 30));
    expect(in30.length).toBeGreaterThan(500);
    expect(in30.length).toBeLessThan(700);
    expect(emails.filter((e) => inAdoptedShare(e, 30))).toEqual(in30);
    // raising the share only adds users: nobody adopted at 30% is left out at 60%
    expect(in30.every((e) => inAdoptedShare(e, 60))).toBe(true);
    expect(inAdoptedShare("USER-1@example.com", 30)).toBe(inAdoptedShare("user-1@example.com", 30));
  });
});

it("the stored credential is a keyed hash, never the token, session id or jti", async () => {
  const rows = await servers.db.prisma.adoptedCredential.findMany({ take: 50 });
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row.credentialHash).toMatch(/^[0-9a-f]{64}$/);
});
