import { describe, expect, it } from "vitest";
import { absoluteExpiresAt, idleExpiresAt } from "./timeouts";
import { CHROME_LINUX, MIN, sessionKit } from "../../test/support/session-kit";

describe("privilege elevation (sudo mode, general preset: 10 minutes)", () => {
  it("opens its own short window, regenerates the token and audits it", async () => {
    const k = sessionKit();
    const { token, session } = await k.signIn();
    k.clock.now += 3 * MIN;
    const elevated = await k.svc.elevateSession(token, CHROME_LINUX);
    if (elevated.status !== "rotated") throw new Error(elevated.status);
    expect(elevated.token).not.toBe(token);
    expect(elevated.session.elevatedUntil).toBe(k.clock.now + 10 * MIN);
    expect(k.events("session.elevated")).toMatchObject([{ sessionId: session.id, detail: { until: k.clock.now + 10 * MIN } }]);
  });

  it("never moves idle or absolute expiry", async () => {
    const k = sessionKit();
    const { token, session } = await k.signIn();
    k.clock.now += 5 * MIN;
    const elevated = await k.svc.elevateSession(token, CHROME_LINUX);
    if (elevated.status !== "rotated") throw new Error(elevated.status);
    expect(absoluteExpiresAt(elevated.session, k.svc.policy)).toBe(absoluteExpiresAt(session, k.svc.policy));
    // re-entering the password is activity like any request, nothing more
    expect(idleExpiresAt(elevated.session, k.svc.policy)).toBe(k.clock.now + 30 * MIN);
  });

  it("ends on its own timer, while the session goes on", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    const elevated = await k.svc.elevateSession(token, CHROME_LINUX);
    if (elevated.status !== "rotated") throw new Error(elevated.status);
    k.clock.now += 10 * MIN;
    const later = await k.svc.validateSessionToken(elevated.token, { activity: true });
    expect(later.ok && later.session.elevatedUntil! <= k.clock.now).toBe(true);
  });

  it("can be dropped early, which regenerates the token again", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    const elevated = await k.svc.elevateSession(token, CHROME_LINUX);
    if (elevated.status !== "rotated") throw new Error(elevated.status);
    const dropped = await k.svc.dropElevation(elevated.token, CHROME_LINUX);
    if (dropped.status !== "rotated") throw new Error(dropped.status);
    expect(dropped.session.elevatedUntil).toBeNull();
    expect(dropped.token).not.toBe(elevated.token);
    expect(k.events("session.elevation-dropped")).toHaveLength(1);
  });

  it("still elevates when asked with a token replaced a moment ago (another tab rotated it)", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    k.clock.now += 16 * MIN;
    const rotated = await k.svc.rotateSessionToken(token);
    if (rotated.status !== "rotated") throw new Error(rotated.status);
    const elevated = await k.svc.elevateSession(token, CHROME_LINUX);
    if (elevated.status !== "rotated") throw new Error(elevated.status);
    expect(elevated.session.elevatedUntil).toBe(k.clock.now + 10 * MIN);
    expect([token, rotated.token]).not.toContain(elevated.token);
  });
});
