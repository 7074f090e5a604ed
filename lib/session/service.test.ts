import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadPolicy, type SessionPolicy } from "./policy";
import { createSessionService, type SessionService } from "./service";
import { MemoryAuditLog, MemorySessionStore } from "./stores/memory";
import { hashSessionToken, successorToken } from "./token";

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const USER = "7d2b8a52-4c1e-4f0e-9a57-1b1f3c0de001";
const KEY = new Uint8Array(32).fill(7);
const ctx = { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Test", ipPrefix: "203.0.113.0/24", deviceLabel: "Firefox on Linux" };

let now: number;
let store: MemorySessionStore;
let audit: MemoryAuditLog;
let svc: SessionService;

function build(policy: SessionPolicy = loadPolicy({})) {
  store = new MemorySessionStore();
  audit = new MemoryAuditLog();
  svc = createSessionService({ store, audit, policy, successorKey: KEY, clock: () => now });
}
const stored = async (id: string) => (await store.get(id))!;
async function created(context: typeof ctx = ctx, userId = USER) {
  const result = await svc.createSession(userId, context);
  if (result.status !== "created") throw new Error(result.status);
  return result;
}
const events = (type: string) => audit.events.filter((e) => e.type === type);
const validate = (token: string, activity = true) => svc.validateSessionToken(token, { activity });

beforeEach(() => {
  now = T0;
  build();
});

describe("idle timeout (general preset: 30m)", () => {
  it("accepts a session idle for just under the idle timeout", async () => {
    const { token } = await created();
    now = T0 + 30 * MIN - 1;
    expect(await validate(token, false)).toMatchObject({ ok: true, superseded: false });
  });

  it("refuses a session idle for longer than the idle timeout (idle expiry)", async () => {
    const { token, session } = await created();
    now = T0 + 30 * MIN;
    expect(await validate(token)).toEqual({ ok: false, reason: "idle" });
    expect((await stored(session.id)).revokedReason).toBe("expired-idle");
    expect(events("session.expired-idle")).toHaveLength(1);
    // ended for good: the same token stays refused, for the same reason
    expect(await validate(token)).toEqual({ ok: false, reason: "idle" });
  });

  it("activity moves the idle deadline forward", async () => {
    const { token } = await created();
    now = T0 + 20 * MIN;
    expect((await validate(token)).ok).toBe(true);
    now = T0 + 50 * MIN - 1;
    expect((await validate(token)).ok).toBe(true);
  });

  it("status polling ({activity:false}) never keeps an abandoned session alive", async () => {
    const { token, session } = await created();
    for (const m of [5, 15, 25, 29]) {
      now = T0 + m * MIN;
      expect((await validate(token, false)).ok).toBe(true);
    }
    expect((await stored(session.id)).lastSeenAt).toBe(T0);
    now = T0 + 30 * MIN;
    expect(await validate(token, false)).toEqual({ ok: false, reason: "idle" });
  });

  it.each([
    ["general", 60_000], // min(60s, 30m/10)
    ["bank", 30_000], // min(60s, 5m/10)
  ])("%s: records activity only once lastSeenAt is %i ms old (write throttling)", async (preset, refreshMs) => {
    build(loadPolicy({ SESSION_POLICY_PRESET: preset }));
    const { token, session } = await created();
    const touch = vi.spyOn(store, "touch");
    now = T0 + refreshMs - 1;
    await validate(token);
    expect(touch).not.toHaveBeenCalled();
    expect((await stored(session.id)).lastSeenAt).toBe(T0);
    now = T0 + refreshMs;
    const result = await validate(token);
    expect(touch).toHaveBeenCalledTimes(1);
    expect((await stored(session.id)).lastSeenAt).toBe(now);
    expect(result.ok && result.session.lastSeenAt).toBe(now);
  });
});

describe("absolute timeout (general preset: 8h from sign-in)", () => {
  it("ends a constantly active, regularly rotated session exactly 8h after sign-in (absolute expiry)", async () => {
    const first = await created();
    const { session } = first;
    let { token } = first;
    for (let t = 10 * MIN; t < 8 * HOUR; t += 10 * MIN) {
      now = T0 + t;
      const r = await svc.rotateSessionToken(token);
      expect(r.status === "rotated" || r.status === "not-due").toBe(true);
      if (r.status === "rotated") token = r.token;
    }
    expect(events("session.rotated").length).toBeGreaterThan(10);
    now = T0 + 8 * HOUR - 1;
    expect((await validate(token)).ok).toBe(true);
    expect((await stored(session.id)).createdAt).toBe(T0); // invariant: absolute counts from createdAt
    now = T0 + 8 * HOUR;
    expect(await validate(token)).toEqual({ ok: false, reason: "absolute" });
    expect((await stored(session.id)).revokedReason).toBe("expired-absolute");
    expect(events("session.expired-absolute")).toHaveLength(1);
  });

  it("a forced rotation (privilege change) just before the limit does not extend it", async () => {
    const { token, session } = await created();
    for (let t = 20 * MIN; t < 8 * HOUR; t += 20 * MIN) {
      now = T0 + t; // active all day, so only the absolute limit can end it
      await validate(token);
    }
    now = T0 + 8 * HOUR - 1_000;
    const r = await svc.rotateSessionToken(token, { force: true, elevatedUntil: now + 10 * MIN });
    expect(r.status).toBe("rotated");
    if (r.status !== "rotated") return;
    expect(r.session.createdAt).toBe(T0);
    now = T0 + 8 * HOUR;
    expect(await validate(r.token)).toEqual({ ok: false, reason: "absolute" });
    expect((await stored(session.id)).createdAt).toBe(T0);
  });

  it("reports absolute, not idle, when both limits have passed", async () => {
    const { token } = await created();
    now = T0 + 9 * HOUR;
    expect(await validate(token)).toEqual({ ok: false, reason: "absolute" });
  });
});

describe("token rotation (renewal 15m, grace 10s)", () => {
  it("does not rotate before the renewal interval", async () => {
    const { token } = await created();
    now = T0 + 15 * MIN - 1;
    expect((await svc.rotateSessionToken(token)).status).toBe("not-due");
    expect(events("session.rotated")).toHaveLength(0);
    expect((await validate(token)).ok).toBe(true);
  });

  it("replaces the token once the renewal interval has passed, so a captured token ages out", async () => {
    const { token, session } = await created();
    now = T0 + 15 * MIN;
    const r = await svc.rotateSessionToken(token);
    expect(r.status).toBe("rotated");
    if (r.status !== "rotated") return;
    expect(r.token).not.toBe(token);
    expect(r.session).toMatchObject({ rotatedAt: now, lastSeenAt: now, createdAt: T0 });
    expect(await stored(session.id)).toMatchObject({ tokenHash: hashSessionToken(r.token), previousTokenHash: hashSessionToken(token) });
    expect(events("session.rotated")).toHaveLength(1);
    // the renewal interval now counts from this rotation
    now = T0 + 30 * MIN - 1;
    expect((await svc.rotateSessionToken(r.token)).status).toBe("not-due");
  });

  it("still accepts the replaced token inside the grace window (parallel requests), marked superseded", async () => {
    const { token } = await created();
    now = T0 + 15 * MIN;
    const r = await svc.rotateSessionToken(token);
    if (r.status !== "rotated") throw new Error(r.status);
    now += 10_000; // the last millisecond of the grace window
    expect(await validate(token)).toMatchObject({ ok: true, superseded: true });
    // asking to rotate it again hands out the same successor (its first delivery may have been lost)
    expect(await svc.rotateSessionToken(token)).toMatchObject({ status: "rotated", token: r.token });
    expect(await validate(r.token)).toMatchObject({ ok: true, superseded: false });
  });

  it("treats the replaced token after the grace window as stolen: ends the session and refuses the new token too (reuse detection)", async () => {
    const { token, session } = await created();
    now = T0 + 15 * MIN;
    const r = await svc.rotateSessionToken(token);
    if (r.status !== "rotated") throw new Error(r.status);
    now += 10_001;
    expect(await validate(token)).toEqual({ ok: false, reason: "reused" });
    const reuse = events("session.reuse-detected");
    expect(reuse).toHaveLength(1);
    expect(reuse[0]).toMatchObject({ userId: USER, sessionId: session.id, detail: { reason: "token-reuse" } });
    expect((await stored(session.id)).revokedReason).toBe("token-reuse");
    expect(await validate(r.token)).toEqual({ ok: false, reason: "revoked" });
    expect(await svc.rotateSessionToken(r.token)).toEqual({ status: "refused", reason: "revoked" });
  });

  it("lets exactly one of several concurrent rotations of the same token win", async () => {
    const { token, session } = await created();
    now = T0 + 15 * MIN;
    const results = await Promise.all([svc.rotateSessionToken(token), svc.rotateSessionToken(token), svc.rotateSessionToken(token)]);
    expect(results.map((r) => r.status).sort()).toEqual(["rotated", "superseded", "superseded"]);
    expect(events("session.rotated")).toHaveLength(1);
    const winner = results.find((r) => r.status === "rotated");
    if (winner?.status !== "rotated") throw new Error("no winner");
    expect((await stored(session.id)).tokenHash).toBe(hashSessionToken(winner.token));
    expect((await validate(token)).ok).toBe(true); // the losers' token keeps working inside the grace window
  });

  it("a forced rotation changes the token at once and records the elevation", async () => {
    const { token, session } = await created();
    now = T0 + MIN;
    const r = await svc.rotateSessionToken(token, { force: true, elevatedUntil: now + 10 * MIN });
    expect(r.status).toBe("rotated");
    expect((await stored(session.id)).elevatedUntil).toBe(now + 10 * MIN);
    expect(events("session.rotated")[0]?.detail).toEqual({ forced: true });
  });
});

describe("sign-in, tokens and storage", () => {
  it("ends the session presented with a sign-in, so a planted token never becomes authenticated (session fixation)", async () => {
    const planted = await created(ctx, "attacker-user");
    const fresh = await svc.createSession(USER, ctx, { presentedToken: planted.token });
    if (fresh.status !== "created") throw new Error(fresh.status);
    expect(fresh.token).not.toBe(planted.token);
    expect(await validate(planted.token)).toEqual({ ok: false, reason: "revoked" });
    expect((await stored(planted.session.id)).revokedReason).toBe("signed-in-again");
    expect(events("session.revoked")).toEqual([
      expect.objectContaining({ sessionId: planted.session.id, detail: { reason: "signed-in-again", by: null, kind: "browser" } }),
    ]);
    expect((await validate(fresh.token)).ok).toBe(true);
  });

  it("ignores an unknown presented token at sign-in", async () => {
    await svc.createSession(USER, ctx, { presentedToken: "x".repeat(43) });
    expect(events("session.revoked")).toHaveLength(0);
  });

  it("issues unguessable tokens: at least 256 bits of base64url, never repeated", async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { token } = await created();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      tokens.add(token);
    }
    expect(tokens.size).toBe(50);
  });

  it("never stores the raw token, so a database dump yields no usable session", async () => {
    const { token, session } = await created();
    now = T0 + 15 * MIN;
    const r = await svc.rotateSessionToken(token);
    if (r.status !== "rotated") throw new Error(r.status);
    const record = await stored(session.id);
    expect(record.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const strings = Object.values(record).filter((v): v is string => typeof v === "string");
    expect(strings.length).toBeGreaterThanOrEqual(7);
    for (const value of strings) {
      expect(value).not.toContain(token);
      expect(value).not.toContain(r.token);
    }
    expect(JSON.stringify(audit.events)).not.toContain(token);
  });

  it("refuses a token the store has never seen", async () => {
    expect(await validate("n".repeat(43))).toEqual({ ok: false, reason: "unknown" });
  });
});

describe("revocation", () => {
  it("revokes every other session of a user (password change) but keeps the current one", async () => {
    const keep = await created();
    const others = [await created(), await created()];
    const stranger = await created(ctx, "someone-else");
    expect(await svc.revokeUserSessions(USER, "password-changed", { exceptId: keep.session.id, by: `session:${keep.session.id}` })).toBe(2);
    expect((await validate(keep.token)).ok).toBe(true);
    expect((await validate(stranger.token)).ok).toBe(true);
    for (const o of others) expect(await validate(o.token)).toEqual({ ok: false, reason: "revoked" });
    expect(
      events("session.revoked")
        .map((e) => e.sessionId)
        .sort(),
    ).toEqual(others.map((o) => o.session.id).sort());
    expect((await svc.listUserSessions(USER)).map((s) => s.id)).toEqual([keep.session.id]);
  });

  it("signing out ends the session for good, and a second sign-out records nothing more", async () => {
    const { token, session } = await created();
    expect((await svc.endSessionByToken(token))?.id).toBe(session.id);
    expect(await validate(token)).toEqual({ ok: false, reason: "revoked" });
    expect((await stored(session.id)).revokedReason).toBe("signed-out");
    await svc.endSessionByToken(token);
    expect(events("session.revoked")).toHaveLength(1);
    expect(await svc.endSessionByToken("u".repeat(43))).toBeNull();
  });

  it("ending one session from another (the device list) refuses its token and records who ended it", async () => {
    const a = await created();
    const b = await created();
    expect(await svc.revokeUserSession(USER, a.session.id, "revoked-by-user", `session:${b.session.id}`)).toBe(true);
    expect(await validate(a.token)).toEqual({ ok: false, reason: "revoked" });
    expect((await validate(b.token)).ok).toBe(true);
    expect(events("session.revoked")).toMatchObject([
      { sessionId: a.session.id, detail: { reason: "revoked-by-user", by: `session:${b.session.id}` } },
    ]);
  });

  it("never ends another user's session through the device list (insecure direct object reference)", async () => {
    const mine = await created();
    const theirs = await created(ctx, "someone-else");
    expect(await svc.revokeUserSession(USER, theirs.session.id, "revoked-by-user", `session:${mine.session.id}`)).toBe(false);
    expect((await validate(theirs.token)).ok).toBe(true);
  });
});

describe("abandoned sessions (nobody comes back to be refused)", () => {
  it("ends sessions past their idle or absolute limit, each once, with the matching audit event", async () => {
    const idle = await created();
    now = T0 + 7 * HOUR;
    const busy = await created(); // created later, active until now
    now = T0 + 7 * HOUR + 29 * MIN;
    expect(await svc.endExpiredSessions()).toBe(1);
    expect((await stored(idle.session.id)).revokedReason).toBe("expired-idle");
    expect(events("session.expired-idle")).toMatchObject([{ sessionId: idle.session.id }]);
    expect(await svc.endExpiredSessions()).toBe(0);

    now = T0 + 16 * HOUR; // busy is past its own 8 h limit too, and idle
    expect(await svc.endExpiredSessions()).toBe(1);
    expect((await stored(busy.session.id)).revokedReason).toBe("expired-absolute");
    expect(events("session.expired-absolute")).toHaveLength(1);
  });

  it("leaves a session alone while it is used", async () => {
    const { token, session } = await created();
    for (let t = 20 * MIN; t < 7 * HOUR; t += 20 * MIN) {
      now = T0 + t;
      await validate(token);
      expect(await svc.endExpiredSessions()).toBe(0);
    }
    expect((await stored(session.id)).revokedAt).toBeNull();
  });
});

describe("lost rotation responses (aborted navigation, timeout)", () => {
  const rotateDue = async (token: string) => {
    now += 15 * MIN;
    const r = await svc.rotateSessionToken(token);
    if (r.status !== "rotated") throw new Error(r.status);
    return r;
  };

  it("hands the same successor again to the replaced token inside the grace window, without a second rotation", async () => {
    const { token, session } = await created();
    const first = await rotateDue(token);
    now += 5_000;
    const again = await svc.rotateSessionToken(token);
    expect(again).toMatchObject({ status: "rotated", token: first.token });
    expect((await stored(session.id)).tokenHash).toBe(hashSessionToken(first.token));
    expect(events("session.rotated")).toHaveLength(1);
    now += 6_000; // past the grace window, the old token is theft as before
    expect(await validate(token)).toEqual({ ok: false, reason: "reused" });
  });

  it("gives a token two rotations old nothing new", async () => {
    const { token } = await created();
    const first = await rotateDue(token);
    await svc.rotateSessionToken(first.token, { force: true });
    expect(await svc.rotateSessionToken(token)).toMatchObject({ status: "refused" });
  });

  it("derives successors no one can work out without the server key", async () => {
    const { token } = await created();
    const first = await rotateDue(token);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(successorToken(token, new Uint8Array(32).fill(8))).not.toBe(first.token);
    expect(successorToken(token, KEY)).toBe(first.token);
  });
});

describe("native app sessions: refresh token rotation (RFC 9700 §4.14)", () => {
  async function app() {
    const result = await svc.createSession(USER, { ...ctx, deviceLabel: "Pixel 9" }, { kind: "mobile" });
    if (result.status !== "created") throw new Error(result.status);
    return result;
  }
  const refresh = (token: string) => svc.refreshSession(token);

  it("spends the refresh token on every use and returns a fresh one", async () => {
    const { token, session } = await app();
    const first = await refresh(token);
    expect(first.status).toBe("rotated");
    if (first.status !== "rotated") return;
    expect(first.token).not.toBe(token);
    now += 1_000;
    const second = await refresh(first.token);
    expect(second.status).toBe("rotated");
    expect((await stored(session.id)).revokedAt).toBeNull();
  });

  it("a retry inside the grace window gets the same successor again (lost response)", async () => {
    const { token } = await app();
    const first = await refresh(token);
    now += 5_000;
    const retry = await refresh(token);
    expect(retry).toMatchObject({ status: "rotated" });
    expect(retry.status === "rotated" && first.status === "rotated" && retry.token === first.token).toBe(true);
  });

  it("reuse of a spent token after the grace window ends the session and is audited", async () => {
    const { token, session } = await app();
    const first = await refresh(token);
    now += 11_000;
    expect(await refresh(token)).toEqual({ status: "refused", reason: "reused" });
    expect((await stored(session.id)).revokedReason).toBe("token-reuse");
    expect(events("session.reuse-detected")).toHaveLength(1);
    // the legitimate holder of the successor is out too: the family is gone
    expect(first.status === "rotated" && (await refresh(first.token))).toEqual({ status: "refused", reason: "revoked" });
  });

  it("reuse of a token spent two or more rotations ago ends the session at once", async () => {
    const { token, session } = await app();
    const first = await refresh(token);
    if (first.status !== "rotated") throw new Error();
    now += 1_000;
    await refresh(first.token);
    expect(await refresh(token)).toEqual({ status: "refused", reason: "reused" });
    expect((await stored(session.id)).revokedReason).toBe("token-reuse");
  });

  it("a spent token that a stale cached copy still shows as current is reuse, not a refresh (stale cache)", async () => {
    const { token, session } = await app();
    const stale = await stored(session.id);
    const first = await refresh(token);
    if (first.status !== "rotated") throw new Error();
    now += 1_000;
    await refresh(first.token);
    // a cache that missed the rotations still answers the first token with the record as it was
    const find = store.findByTokenHash.bind(store);
    store.findByTokenHash = async (hash) => (hash === stale.tokenHash ? { ...stale } : find(hash));
    expect(await refresh(token)).toEqual({ status: "refused", reason: "reused" });
    expect((await stored(session.id)).revokedReason).toBe("token-reuse");
  });

  it("a stale copy after one refresh gets the successor only inside the grace window", async () => {
    const { token, session } = await app();
    const stale = await stored(session.id);
    const first = await refresh(token);
    if (first.status !== "rotated") throw new Error();
    const find = store.findByTokenHash.bind(store);
    store.findByTokenHash = async (hash) => (hash === stale.tokenHash ? { ...stale } : find(hash));
    now += 5_000;
    expect(await refresh(token)).toEqual(expect.objectContaining({ status: "rotated", token: first.token }));
    now += 6_000;
    expect(await refresh(token)).toEqual({ status: "refused", reason: "reused" });
  });

  it("parallel refreshes of one token all get the same single successor", async () => {
    const { token, session } = await app();
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(token)));
    const tokens = new Set(results.map((r) => (r.status === "rotated" ? r.token : r.status)));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toBe(successorToken(token, KEY));
    expect((await stored(session.id)).tokenHash).toBe(hashSessionToken(successorToken(token, KEY)));
    expect(events("session.rotated")).toHaveLength(1);
  });

  it("has no idle timeout but ends after the refresh-inactivity bound (90 days by default)", async () => {
    const { token, session } = await app();
    now += 89 * 24 * HOUR;
    const kept = await refresh(token);
    expect(kept.status).toBe("rotated");
    now += 90 * 24 * HOUR + 1;
    expect(kept.status === "rotated" && (await refresh(kept.token))).toEqual({ status: "refused", reason: "idle" });
    expect((await stored(session.id)).revokedReason).toBe("expired-idle");
  });

  it("the expiry sweep ends app sessions by the app bounds, not the browser ones", async () => {
    const { session } = await app();
    const browser = await created();
    now += 31 * MIN;
    expect(await svc.endExpiredSessions()).toBe(1);
    expect((await stored(browser.session.id)).revokedReason).toBe("expired-idle");
    expect((await stored(session.id)).revokedAt).toBeNull();
    now += 91 * 24 * HOUR;
    expect(await svc.endExpiredSessions()).toBe(1);
    expect((await stored(session.id)).revokedReason).toBe("expired-idle");
  });

  it("an optional absolute bound ends app sessions however active", async () => {
    build(loadPolicy({ MOBILE_REFRESH_ABSOLUTE: "30d", MOBILE_REFRESH_IDLE: "7d" }));
    let { token } = await app();
    for (let day = 0; day < 29; day++) {
      now += 24 * HOUR;
      const r = await refresh(token);
      if (r.status !== "rotated") throw new Error(`refused on day ${day}`);
      token = r.token;
    }
    now += 2 * 24 * HOUR;
    expect(await refresh(token)).toEqual({ status: "refused", reason: "absolute" });
  });

  it("checks a bearer's session by id: refused once revoked, whatever the token's own expiry", async () => {
    const { session } = await app();
    expect((await svc.checkSession(session.id, { activity: true })).ok).toBe(true);
    await svc.revokeUserSession(USER, session.id, "revoked-by-user", "self");
    expect(await svc.checkSession(session.id, { activity: true })).toEqual({ ok: false, reason: "revoked" });
  });

  it("a browser cookie token cannot be used as a refresh token", async () => {
    const { token } = await created();
    expect(await refresh(token)).toEqual({ status: "refused", reason: "unknown" });
  });
});

describe("spent browser tokens", () => {
  it("a cookie token two rotations old is recognised as reuse and ends the session", async () => {
    const { token, session } = await created();
    now += 16 * MIN;
    const first = await svc.rotateSessionToken(token);
    if (first.status !== "rotated") throw new Error(first.status);
    now += 16 * MIN;
    const second = await svc.rotateSessionToken(first.token);
    expect(second.status).toBe("rotated");
    expect(await validate(token)).toEqual({ ok: false, reason: "reused" });
    expect((await stored(session.id)).revokedReason).toBe("token-reuse");
  });
});
