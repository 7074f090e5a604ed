import { describe, expect, it } from "vitest";
import { CHROME_LINUX, FIREFOX_WINDOWS, MIN, sessionKit } from "../../test/support/session-kit";

/**
 * Invariant 17: a replaced token keeps a page working through its grace window, never an elevated
 * action; and binding is checked before any grace-window answer.
 */
describe("the rotation grace window carries no privilege", () => {
  it("a token replaced at elevation is not elevated during its grace window, and is not handed the elevated successor (grace-window privilege)", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    const elevated = await k.svc.elevateSession(token, CHROME_LINUX);
    if (elevated.status !== "rotated") throw new Error(elevated.status);
    k.clock.now += 2_000;
    const old = await k.svc.validateSessionToken(token, { activity: true, context: CHROME_LINUX });
    expect(old).toMatchObject({ ok: true, superseded: true });
    expect(old.ok && old.session.elevatedUntil).toBeNull();
    // the middleware's rotation call with the old token gets nothing it could use
    expect(await k.svc.rotateSessionToken(token, { context: CHROME_LINUX })).toMatchObject({
      status: "superseded",
      session: { elevatedUntil: null },
    });
    // while the new token is elevated
    const fresh = await k.svc.validateSessionToken(elevated.token, { activity: true, context: CHROME_LINUX });
    expect(fresh.ok && fresh.session.elevatedUntil).toBeGreaterThan(k.clock.now);
  });

  it("a token replaced at step-up is not handed the successor the verified browser got (grace-window privilege)", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    const verified = await k.svc.verifySession(token, FIREFOX_WINDOWS);
    if (verified.status !== "rotated") throw new Error(verified.status);
    k.clock.now = verified.session.rotatedAt + 1_000; // inside the replaced token's grace window
    const answer = await k.svc.rotateSessionToken(token, { context: CHROME_LINUX });
    expect(answer.status).not.toBe("rotated");
  });

  it("a request that has not passed its step-up is not handed a renewal's successor inside the grace window (binding before grace)", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    k.clock.now += 16 * MIN;
    const renewed = await k.svc.rotateSessionToken(token, { context: CHROME_LINUX });
    if (renewed.status !== "rotated") throw new Error(renewed.status);
    k.clock.now += 1_000;
    // a copy of the old cookie from another browser: no successor, whatever the grace window says
    expect(await k.svc.rotateSessionToken(token, { context: FIREFOX_WINDOWS })).toMatchObject({ status: "not-due" });
    // the owner's own browser, whose response was lost, still gets it again
    expect(await k.svc.rotateSessionToken(token, { context: CHROME_LINUX })).toMatchObject({ status: "rotated", token: renewed.token });
  });
});

describe("secret rotation keeps rotated tokens recognisable", () => {
  it("a browser token replaced before the secret rotation gets its successor again after it (secret rotation)", async () => {
    const k = sessionKit();
    const { token } = await k.signIn();
    k.clock.now += 16 * MIN;
    const renewed = await k.svc.rotateSessionToken(token, { context: CHROME_LINUX });
    if (renewed.status !== "rotated") throw new Error(renewed.status);
    const after = k.rotatedSecret(new Uint8Array(32).fill(8));
    k.clock.now += 1_000;
    expect(await after.rotateSessionToken(token, { context: CHROME_LINUX })).toMatchObject({ status: "rotated", token: renewed.token });
    // and the next renewal, under the new secret, is recognised the same way
    k.clock.now += 16 * MIN;
    const next = await after.rotateSessionToken(renewed.token, { context: CHROME_LINUX });
    if (next.status !== "rotated") throw new Error(next.status);
    k.clock.now += 1_000;
    expect(await after.rotateSessionToken(renewed.token, { context: CHROME_LINUX })).toMatchObject({
      status: "rotated",
      token: next.token,
    });
  });

  it("an app's refresh retried across a secret rotation gets the same successor, not a theft alarm (secret rotation)", async () => {
    const k = sessionKit();
    const created = await k.svc.createSession("7d2b8a52-4c1e-4f0e-9a57-1b1f3c0de001", CHROME_LINUX, { kind: "mobile" });
    if (created.status !== "created") throw new Error(created.status);
    const first = await k.svc.refreshSession(created.token);
    if (first.status !== "rotated") throw new Error(first.status);
    const after = k.rotatedSecret(new Uint8Array(32).fill(8));
    k.clock.now += 1_000;
    expect(await after.refreshSession(created.token)).toMatchObject({ status: "rotated", token: first.token });
    expect(k.events("session.reuse-detected")).toEqual([]);
  });

  it("builds the refresh's answer before it spends the token: a failure leaves the token usable (nothing spent before its answer)", async () => {
    const k = sessionKit();
    const created = await k.svc.createSession("7d2b8a52-4c1e-4f0e-9a57-1b1f3c0de001", CHROME_LINUX, { kind: "mobile" });
    if (created.status !== "created") throw new Error(created.status);
    await expect(k.svc.refreshSession(created.token, async () => Promise.reject(new Error("signing key unreadable")))).rejects.toThrow(
      "signing key unreadable",
    );
    // much later than any grace window, the app tries again with the same token, and it works
    k.clock.now += 10 * MIN;
    expect(await k.svc.refreshSession(created.token, async () => "signed")).toMatchObject({ status: "rotated", answer: "signed" });
    expect(k.events("session.reuse-detected")).toEqual([]);
  });
});
