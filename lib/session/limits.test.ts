import { describe, expect, it } from "vitest";
import { CHROME_LINUX, MIN, sessionKit, USER } from "../../test/support/session-kit";

describe("concurrent-session limit", () => {
  it("the 6th sign-in ends the least recently used session and says which (evict-oldest, default 5)", async () => {
    const k = sessionKit();
    const sessions = [];
    for (let i = 0; i < 5; i++) {
      sessions.push(await k.signIn());
      k.clock.now += MIN;
    }
    // the first session is used again, so the second is now the least recently used
    await k.svc.validateSessionToken(sessions[0]!.token, { activity: true, context: CHROME_LINUX });
    k.clock.now += MIN;
    const sixth = await k.signIn();
    expect(sixth.evicted.map((s) => s.id)).toEqual([sessions[1]!.session.id]);
    expect(await k.svc.validateSessionToken(sessions[1]!.token, { activity: true })).toEqual({ ok: false, reason: "revoked" });
    expect((await k.svc.listUserSessions(USER)).length).toBe(5);
    expect(k.events("session.revoked")).toMatchObject([
      { sessionId: sessions[1]!.session.id, detail: { reason: "session-limit", by: `session:${sixth.session.id}` } },
    ]);
  });

  it("refuses the sign-in at the limit when so configured, and lists the live sessions (reject)", async () => {
    const k = sessionKit({ SESSION_MAX_PER_USER: "2", SESSION_LIMIT_POLICY: "reject" });
    await k.signIn();
    await k.signIn();
    const third = await k.svc.createSession(USER, CHROME_LINUX);
    expect(third).toMatchObject({ status: "limit-reached" });
    expect(third.status === "limit-reached" && third.live).toHaveLength(2);
    expect(k.events("session.created")).toHaveLength(2);
  });

  it("does not count sessions that have already expired", async () => {
    const k = sessionKit({ SESSION_MAX_PER_USER: "1", SESSION_LIMIT_POLICY: "reject" });
    await k.signIn();
    k.clock.now += 31 * MIN;
    expect((await k.svc.createSession(USER, CHROME_LINUX)).status).toBe("created");
  });

  it("settles two sign-ins that both saw room for one more (race)", async () => {
    const k = sessionKit({ SESSION_MAX_PER_USER: "2" });
    const first = await k.signIn();
    const [a, b] = await Promise.all([k.signIn(), k.signIn()]);
    expect((await k.svc.listUserSessions(USER)).length).toBe(2);
    expect([...a.evicted, ...b.evicted].map((s) => s.id)).toContain(first.session.id);
  });

  it("0 means no limit", async () => {
    const k = sessionKit({ SESSION_MAX_PER_USER: "0" });
    for (let i = 0; i < 12; i++) await k.signIn();
    expect((await k.svc.listUserSessions(USER)).length).toBe(12);
  });
});
