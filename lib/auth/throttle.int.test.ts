import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { throttleNetworks } from "../http/client-address";
import { testServers } from "../../test/support/servers";
import { ACCOUNT_SHARE, counterKey, createLoginLimiters, LOGIN_LIMITS, loginThrottle, type ThrottleSubject } from "./throttle";

const servers = testServers();

const VICTIM = "victim@example.com";
const OWNER_ID = randomUUID();

describe.each([
  ["Redis", () => servers.redis],
  ["PostgreSQL only", () => null],
])("login throttle on %s", (_store, redisFor) => {
  const setup = (familiar: string[] = []) => {
    const keyPrefix = `test:${randomUUID()}`;
    const limiters = createLoginLimiters({ prisma: servers.db.prisma, redis: redisFor(), keyPrefix });
    const keyHmac = randomBytes(32);
    const throttle = loginThrottle({
      limiters: async () => limiters,
      keyHmac,
      familiarNetwork: async (userId, ip) => userId === OWNER_ID && familiar.includes(throttleNetworks(ip)?.network ?? ""),
    });
    const signIn = (ip: string, email = VICTIM): ThrottleSubject => ({
      kind: "sign-in",
      email,
      ip,
      userId: email === VICTIM ? OWNER_ID : null,
    });
    /** a wrong password: taken and never given back; returns the wait */
    const wrong = async (subject: ThrottleSubject) => (await throttle.take(subject)).retryAfterSeconds;
    /** how many attempts an account's own count holds */
    const accountCount = async (email = VICTIM) => (await limiters.account.get(counterKey(keyHmac, "account", email)))?.consumedPoints ?? 0;
    return { throttle, signIn, wrong, keyPrefix, accountCount };
  };

  it("lets a parallel burst of guesses through only as often as the limit allows (guessing race)", async () => {
    const { wrong, signIn } = setup();
    const waits = await Promise.all(Array.from({ length: 30 }, () => wrong(signIn("198.51.100.9"))));
    expect(waits.filter((w) => w === 0)).toHaveLength(LOGIN_LIMITS.accountHost.points);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(0);
  });

  it("any number of wrong passwords from one network never stops the owner signing in from another (lockout)", async () => {
    const { wrong, signIn, accountCount } = setup();
    for (let i = 0; i < 200; i++) await wrong(signIn(`198.51.100.${i % 250}`));
    expect(await wrong(signIn("198.51.100.9"))).toBeGreaterThan(0);
    // the network added no more than its share to the account's count, window after window
    expect(await accountCount()).toBeLessThanOrEqual(ACCOUNT_SHARE.network);
    // the owner, on a network they never used before: not even slowed
    expect(await wrong(signIn("203.0.113.50"))).toBe(0);
  });

  it("an IPv6 network rotating through its /64s buys no fresh attempts, and cannot lock the owner out either (address rotation)", async () => {
    const { wrong, signIn } = setup();
    let passed = 0;
    for (let i = 0; i < 100; i++) if ((await wrong(signIn(`2001:db8:77:${i.toString(16)}::1`))) === 0) passed++;
    expect(passed).toBe(LOGIN_LIMITS.accountNetwork.points);
    expect(await wrong(signIn("2001:db8:99::1"))).toBe(0);
  });

  it("counts every address of one IPv6 /64, and every port and notation of one IPv4 address, as one client (key per connection)", async () => {
    const { wrong, signIn } = setup();
    for (let i = 1; i <= LOGIN_LIMITS.accountHost.points; i++) expect(await wrong(signIn(`2001:db8:5:6::${i.toString(16)}`))).toBe(0);
    expect(await wrong(signIn("2001:db8:5:6:ffff::1"))).toBeGreaterThan(0);

    const other = setup();
    const spellings = ["198.51.100.7", "198.51.100.7:50001", "::ffff:198.51.100.7", "[::ffff:198.51.100.7]:443", "198.51.100.7:50002"];
    for (const ip of spellings) expect(await other.wrong(other.signIn(ip))).toBe(0);
    expect(await other.wrong(other.signIn("198.51.100.7:50003"))).toBeGreaterThan(0);
  });

  it("a refused attempt counts nowhere: a throttled client hammering one account keeps its budget for others (rejected attempts)", async () => {
    const { wrong, signIn } = setup();
    for (let i = 0; i < 150; i++) await wrong(signIn("198.51.100.66"));
    // 150 tries, but only the first 5 counted against the client's hourly budget of 100
    expect(await wrong(signIn("198.51.100.66", "someone-else@example.com"))).toBe(0);
  });

  it("slows, and does not lock, one account guessed from many networks, and never slows the owner's own networks (distributed guessing)", async () => {
    const { wrong, signIn } = setup(["192.0.2.0/24", "2001:db8:cafe::/48"]);
    // the account's whole count, a client's share at a time from networks all over
    for (let n = 0; n < LOGIN_LIMITS.account.points; n++)
      expect(await wrong(signIn(`10.${Math.floor(n / ACCOUNT_SHARE.host)}.0.1`))).toBe(0);
    // beyond it, a stranger's network gets a few attempts per 10 minutes of its own ...
    for (let i = 0; i < LOGIN_LIMITS.accountSlow.points; i++) expect(await wrong(signIn("10.200.0.1"))).toBe(0);
    const wait = await wrong(signIn("10.200.0.2"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(LOGIN_LIMITS.accountSlow.duration);
    // ... while the owner's usual networks go on as before, a phone's new /64 of its usual /48 too
    for (let i = 0; i < 3; i++) expect(await wrong(signIn("192.0.2.10"))).toBe(0);
    expect(await wrong(signIn("2001:db8:cafe:77::1"))).toBe(0);
  });

  it("strangers hammering the slow lane from many networks never take the owner's turn on a network the owner has not used before (slow-lane lockout)", async () => {
    const { wrong, signIn } = setup();
    for (let n = 0; n < LOGIN_LIMITS.account.points; n++) await wrong(signIn(`10.${Math.floor(n / ACCOUNT_SHARE.host)}.0.1`));
    for (let n = 0; n < 30; n++) for (let i = 0; i < 5; i++) await wrong(signIn(`10.${100 + n}.${i}.1`));
    // the owner, at a hotel they never used: the first attempt goes straight through
    expect(await wrong(signIn("203.0.113.50"))).toBe(0);
  });

  it("slows one address trying many accounts, and one network through many addresses (password spraying)", async () => {
    const { wrong, signIn } = setup();
    for (let i = 0; i < LOGIN_LIMITS.host.points; i++) expect(await wrong(signIn("198.51.100.77", `user-${i}@example.com`))).toBe(0);
    expect(await wrong(signIn("198.51.100.77", "one-more@example.com"))).toBeGreaterThan(0);
    // the rest of its /24 shares the network's budget
    let passed = LOGIN_LIMITS.host.points;
    // its neighbours (never .77 again), each well inside its own hourly budget
    const neighbour = (i: number) => `198.51.100.${(i % 150) + 100}`;
    for (let i = 0; i < 400; i++) {
      if ((await wrong(signIn(neighbour(i), `spray-${i}@example.com`))) === 0) passed++;
      else break;
    }
    expect(passed).toBe(LOGIN_LIMITS.network.points);
  });

  it("gives a correct password's attempt back, so signing in is never throttled by one's own successes", async () => {
    const { throttle, signIn } = setup();
    for (let i = 0; i < LOGIN_LIMITS.accountHost.points * 3; i++) {
      const attempt = await throttle.take(signIn("198.51.100.1"));
      expect(attempt.retryAfterSeconds).toBe(0);
      await attempt.giveBack();
    }
  });

  it("limits re-entering the password per session, apart from sign-in, so strangers at the sign-in form cannot stop the owner ending a thief's device", async () => {
    const { wrong, signIn } = setup();
    // strangers exhaust everything sign-in has for the account, from many networks
    for (let n = 0; n < 40; n++) for (let i = 0; i < 6; i++) await wrong(signIn(`10.${n}.1.1`));
    const owner: ThrottleSubject = { kind: "re-auth", sessionId: randomUUID(), group: "in-session" };
    expect(await wrong(owner)).toBe(0);
    // a thief's wrong step-up passwords on the stolen cookie count apart from the owner's re-entries
    const thief: ThrottleSubject = { kind: "re-auth", sessionId: owner.sessionId, group: "step-up" };
    for (let i = 0; i < 20; i++) await wrong(thief);
    expect(await wrong(thief)).toBeGreaterThan(0);
    for (let i = 1; i < LOGIN_LIMITS.reauth.points; i++) expect(await wrong(owner)).toBe(0);
    // and a session's own guesses are bounded
    expect(await wrong(owner)).toBeGreaterThan(0);
    expect(await wrong({ kind: "re-auth", sessionId: randomUUID(), group: "in-session" })).toBe(0);
  });

  it("keeps no email and no address in its counters at rest (counter dump)", async () => {
    const { wrong, signIn, keyPrefix } = setup();
    await wrong(signIn("198.51.100.23", "dump-check@example.com"));
    await wrong(signIn("2001:db8:abcd:12::7", "dump-check@example.com"));
    const rows = await servers.db.prisma.rateLimiterFlexible.findMany({ where: { key: { startsWith: keyPrefix } } });
    const keys = redisFor() ? await servers.redis.keys(`${keyPrefix}*`) : [];
    const dump = JSON.stringify([rows, keys]);
    expect(rows.length + keys.length).toBeGreaterThan(0);
    for (const secret of ["dump-check", "example.com", "198.51.100", "2001:db8", "/24", "/64"]) expect(dump).not.toContain(secret);
  });
});
