import { describe, expect, it } from "vitest";
import { CHROME_LINUX, FIREFOX_WINDOWS, MIN, sessionKit } from "../../test/support/session-kit";

const sameBrowserNewerVersion = { ...CHROME_LINUX, userAgent: CHROME_LINUX.userAgent.replace("156.0.0.0", "157.0.0.0") };
const otherNetwork = { ...CHROME_LINUX, ipPrefix: "192.0.2.0/24" };

describe("binding (hijack detection): defaults IP log, browser step-up", () => {
  it("passes the same browser on the same network, and a browser that only updated itself", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    expect(await k.svc.validateSessionToken(token, { activity: true, context: CHROME_LINUX })).toMatchObject({ ok: true, stepUp: false });
    expect(await k.svc.validateSessionToken(token, { activity: true, context: sameBrowserNewerVersion })).toMatchObject({
      ok: true,
      stepUp: false,
    });
    expect(k.events("session.suspicious")).toEqual([]);
  });

  it("asks a cookie replayed from another browser for the password, keeps the session, and audits it once (step-up)", async () => {
    const k = sessionKit();
    const { token, session } = await k.signIn();
    k.clock.now += 5 * MIN;
    for (let i = 0; i < 3; i++) {
      expect(await k.svc.validateSessionToken(token, { activity: true, context: FIREFOX_WINDOWS })).toMatchObject({
        ok: true,
        stepUp: true,
      });
    }
    expect(k.events("session.suspicious")).toMatchObject([
      {
        sessionId: session.id,
        detail: { action: "step-up", "user-agent.expected": "Chrome|Linux|desktop", "user-agent.actual": "Firefox|Windows|desktop" },
      },
    ]);
    // an unverified request is not activity: it cannot keep the session alive
    expect((await k.store.get(session.id))?.lastSeenAt).toBe(session.createdAt);
    // the real browser is not disturbed
    expect(await k.svc.validateSessionToken(token, { activity: true, context: CHROME_LINUX })).toMatchObject({ ok: true, stepUp: false });
  });

  it("only logs a move to another network by default, once per network", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    for (let i = 0; i < 2; i++) {
      expect(await k.svc.validateSessionToken(token, { activity: true, context: otherNetwork })).toMatchObject({ ok: true, stepUp: false });
    }
    expect(k.events("session.suspicious")).toMatchObject([
      { detail: { action: "log", "ip.expected": "203.0.113.0/24", "ip.actual": "192.0.2.0/24" } },
    ]);
  });

  it("ends the session when configured to revoke (stolen cookie)", async () => {
    const k = sessionKit({ SESSION_BIND_UA: "revoke" });
    const { token, session } = await k.signIn();
    expect(await k.svc.validateSessionToken(token, { activity: true, context: FIREFOX_WINDOWS })).toEqual({ ok: false, reason: "hijack" });
    expect((await k.store.get(session.id))?.revokedReason).toBe("hijack-suspected");
    expect(k.events("session.suspicious")).toHaveLength(1);
    // the real browser is turned away too, told why
    expect(await k.svc.validateSessionToken(token, { activity: true, context: CHROME_LINUX })).toEqual({ ok: false, reason: "hijack" });
  });

  it("treats an address that cannot be read as another network, so `X-Forwarded-For: x` does not skip the check (binding bypass)", async () => {
    const k = sessionKit({ SESSION_BIND_IP: "revoke" });
    const { token, session } = await k.signIn();
    expect(await k.svc.validateSessionToken(token, { activity: true, context: { ...CHROME_LINUX, ipPrefix: "" } })).toEqual({
      ok: false,
      reason: "hijack",
    });
    expect(k.events("session.suspicious")).toMatchObject([
      { sessionId: session.id, detail: { "ip.expected": "203.0.113.0/24", "ip.actual": "unreadable" } },
    ]);
  });

  it("ignores a signal switched off", async () => {
    const k = sessionKit({ SESSION_BIND_UA: "off", SESSION_BIND_IP: "off" });
    const { token } = await k.signIn();
    expect(await k.svc.validateSessionToken(token, { activity: true, context: FIREFOX_WINDOWS })).toMatchObject({
      ok: true,
      stepUp: false,
    });
    expect(k.events("session.suspicious")).toEqual([]);
  });

  it("a passed step-up rebinds the session to the new browser with a new token, and the old browser is then the stranger", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    const verified = await k.svc.verifySession(token, FIREFOX_WINDOWS);
    if (verified.status !== "rotated") throw new Error(verified.status);
    expect(verified.token).not.toBe(token);
    expect(await k.svc.validateSessionToken(verified.token, { activity: true, context: FIREFOX_WINDOWS })).toMatchObject({
      ok: true,
      stepUp: false,
    });
    expect(await k.svc.validateSessionToken(verified.token, { activity: true, context: CHROME_LINUX })).toMatchObject({
      ok: true,
      stepUp: true,
    });
    expect(k.events("session.verified")).toHaveLength(1);
  });

  it("gives a request still to pass a step-up no fresh token (rotation)", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    k.clock.now += 16 * MIN;
    expect(await k.svc.rotateSessionToken(token, { context: FIREFOX_WINDOWS })).toMatchObject({ status: "not-due" });
    expect((await k.svc.rotateSessionToken(token, { context: CHROME_LINUX })).status).toBe("rotated");
  });
});
