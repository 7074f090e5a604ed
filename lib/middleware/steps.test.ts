import { NextRequest, NextResponse } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadPolicy } from "../session/policy";
import { loadSecrets } from "../session/secrets";
import { sealSessionCookie, type SessionCookie } from "../session/cookie";
import type { SessionConfig } from "../session/config";
import { dropUnconsentedCookies } from "./consent";
import { guardWrites } from "./guard";
import { describeRequest } from "./request";
import { forward, refused, signInRequired, withHeaders } from "./respond";
import { sessionCookieData } from "../../test/support/sessions";
import { readSession, renewOrRotate, type SessionState } from "./session";
import { adoptForeign } from "./adopt";
import { ADOPTION_VARIABLES, adoptionFrom } from "../adoption/config";
import { z } from "zod";

/**
 * Each step of the Edge middleware alone (the composed middleware: lib/middleware/middleware.test.ts).
 * Policy: the general preset (idle 30m, absolute 8h, renewal 15m, seal rewritten at 60 s).
 */
const ORIGIN = "http://localhost:3000"; // what NextURL makes of 127.0.0.1
const MIN = 60_000;
const env = { SESSION_SECRET: "steps-test-secret-0123456789abcdefghijklmn", SESSION_POLICY_PRESET: "general" };
const config: SessionConfig = { policy: loadPolicy(env), secrets: loadSecrets(env) };

const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(new URL(path, ORIGIN), { method: init.method ?? "GET", headers: init.headers });

async function sealed(overrides: Partial<SessionCookie> = {}) {
  return sealSessionCookie(sessionCookieData(overrides), config.secrets, config.policy);
}

describe("describeRequest", () => {
  it.each([
    ["/account/devices", true],
    ["/admin", true],
    ["/api/mobile/me", false], // bearer tokens, not the cookie
    ["/api/session/status", false],
    ["/api/anything-else", true],
    ["/login", false],
    ["/accountant", false], // a prefix of a word is not the account area
  ])("%s needs a session: %s", (path, expected) => {
    expect(describeRequest(request(path), {}).protected).toBe(expected);
  });

  it("knows its own internal calls and the status probe, and where sign-in sends the user back to", () => {
    expect(describeRequest(request("/api/session/rotate"), {}).internal).toBe(true);
    expect(describeRequest(request("/api/session/status"), {}).statusProbe).toBe(true);
    expect(describeRequest(request("/account/activity?page=2"), {}).next).toBe("/account/activity?page=2");
  });

  it("gives every request its own nonce, in its own policy, and its own id (nonce reuse)", () => {
    const [a, b] = [describeRequest(request("/"), {}), describeRequest(request("/"), {})];
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.csp).toContain(`'nonce-${a.nonce}'`);
    expect(a.requestId).not.toBe(b.requestId);
  });
});

describe("guardWrites", () => {
  it("refuses a cross-site POST with 403 JSON (CSRF)", async () => {
    const response = await guardWrites(request("/api/auth/logout", { method: "POST", headers: { origin: "https://evil.example" } }));
    expect(response?.status).toBe(403);
    expect(await response?.json()).toMatchObject({ error: "cross_site_request" });
  });

  it("refuses a server action whose body Next could not decode with a 400, never a 500 (malformed form)", async () => {
    const garbled = new NextRequest(new URL("/login", ORIGIN), {
      method: "POST",
      headers: { origin: ORIGIN, "next-action": "7fbc8e0e66371b5de7f02685261e68c0a3601f918d", "content-type": "text/plain;charset=UTF-8" },
      body: '["$K1"',
    });
    expect((await guardWrites(garbled))?.status).toBe(400);
  });

  it("lets a same-site request and every GET go on", async () => {
    expect(await guardWrites(request("/api/auth/logout", { method: "POST", headers: { origin: ORIGIN } }))).toBeNull();
    expect(await guardWrites(request("/account", { headers: { origin: "https://evil.example" } }))).toBeNull();
  });
});

describe("dropUnconsentedCookies", () => {
  it("hides an optional cookie without consent from the app and names it for deletion (consent withdrawn)", () => {
    const req = request("/", { headers: { cookie: "sl_analytics=abc; theme=dark; sid=x" } });
    expect(dropUnconsentedCookies(req).sort()).toEqual(["sl_analytics", "theme"]);
    expect(req.cookies.getAll().map((c) => c.name)).toEqual(["sid"]);
  });
});

describe("readSession", () => {
  const waitUntil = vi.fn();
  const read = (req: NextRequest, now = Date.now()) => readSession(req, describeRequest(req, {}), config, now, waitUntil);
  beforeEach(() => {
    waitUntil.mockReset();
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(null, { status: 204 })),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it("reads a good seal as the session", async () => {
    const state = await read(request("/account", { headers: { cookie: `sid=${await sealed()}` } }));
    expect(state).toMatchObject({ present: true, session: { userId: "u1" } });
  });

  it("takes a tampered seal for no session, but knows one was sent so it is cleared (tampered cookie)", async () => {
    const seal = await sealed();
    const state = await read(request("/account", { headers: { cookie: `sid=${seal.slice(0, -3)}abc` } }));
    expect(state).toMatchObject({ present: true, session: null });
    expect(waitUntil).not.toHaveBeenCalled();
  });

  it("sees a cookie the parser rejects, so it is cleared like any other (undecodable cookie)", async () => {
    expect((await read(request("/account", { headers: { cookie: "sid=%ff%fe" } }))).present).toBe(true);
  });

  it("turns an idle seal away with its reason and has the store end it without waiting (idle timeout)", async () => {
    const state = await read(request("/account", { headers: { cookie: `sid=${await sealed({ lastSeenAt: Date.now() - 31 * MIN })}` } }));
    expect(state).toMatchObject({ session: null, reason: "idle" });
    expect(waitUntil).toHaveBeenCalledTimes(1);
  });
});

describe("renewOrRotate", () => {
  const now = Date.now();
  const live = (overrides: Partial<SessionCookie>): SessionState => ({
    cookieName: "sid",
    present: true,
    rotationSkipped: false,
    session: sessionCookieData(overrides, now),
  });
  const renew = (state: SessionState, path = "/account") =>
    renewOrRotate(request(path), describeRequest(request(path), {}), state, config, now);
  const rotation = vi.fn();
  beforeEach(() => {
    rotation.mockReset();
    vi.stubEnv("__NEXT_PRIVATE_ORIGIN", ORIGIN);
    vi.stubGlobal("fetch", rotation);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });

  it("leaves a fresh seal alone: no write on every request (rolling renewal)", async () => {
    expect((await renew(live({ lastSeenAt: now - 30_000 }))).newSeal).toBeUndefined();
    expect(rotation).not.toHaveBeenCalled();
  });

  it("re-seals activity a minute old", async () => {
    expect((await renew(live({ lastSeenAt: now - 2 * MIN }))).newSeal).toEqual(expect.any(String));
  });

  it("never renews or rotates for the status probe (abandoned tab kept alive)", async () => {
    const state = live({ lastSeenAt: now - 10 * MIN, rotatedAt: now - 20 * MIN });
    expect(await renew(state, "/api/session/status")).toBe(state);
    expect(rotation).not.toHaveBeenCalled();
  });

  it("takes the seal the Node side minted when the renewal interval has passed", async () => {
    rotation.mockResolvedValueOnce(Response.json({ status: "rotated", seal: "NEW-SEAL" }));
    expect((await renew(live({ rotatedAt: now - 16 * MIN, token: "r".repeat(43) }))).newSeal).toBe("NEW-SEAL");
  });

  it("does not re-seal the old token after a parallel request won the rotation (would undo it)", async () => {
    rotation.mockResolvedValueOnce(Response.json({ status: "superseded" }));
    expect((await renew(live({ rotatedAt: now - 16 * MIN, lastSeenAt: now - 2 * MIN, token: "s".repeat(43) }))).newSeal).toBeUndefined();
  });

  it("ends the session in the browser when the store refused it (revoked elsewhere)", async () => {
    rotation.mockResolvedValueOnce(Response.json({ status: "refused", reason: "revoked" }));
    expect(await renew(live({ rotatedAt: now - 16 * MIN, token: "v".repeat(43) }))).toMatchObject({ session: null, reason: "revoked" });
  });
});

describe("adoptForeign", () => {
  const adoption = adoptionFrom(z.object(ADOPTION_VARIABLES).parse({ MIGRATE_FROM_AUTHJS_SECRET: "authjs-secret-0123456789abcdef" }));
  const none: SessionState = { cookieName: "sid", present: false, session: null, rotationSkipped: false };
  const adopt = (cookie: string, state = none, path = "/account") =>
    adoptForeign(request(path, { headers: { cookie } }), describeRequest(request(path), {}), state, config, () => adoption);
  const node = vi.fn();
  beforeEach(() => {
    node.mockReset();
    vi.stubEnv("__NEXT_PRIVATE_ORIGIN", ORIGIN);
    vi.stubGlobal("fetch", node);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });

  it("asks nothing when there is a session of ours, or no foreign cookie (the cost of being configured)", async () => {
    const live = { ...none, present: true, session: sessionCookieData() };
    expect(await adopt("authjs.session-token=x", live)).toBe(live);
    expect(await adopt("other=1; sid=dead")).toBe(none);
    expect(node).not.toHaveBeenCalled();
  });

  it("takes the adopted session's seal and clears the foreign cookies, chunks included", async () => {
    const seal = await sealed();
    node.mockResolvedValueOnce(
      Response.json({ status: "adopted", seal, clear: ["authjs.session-token.0", "authjs.session-token.1", "sid"] }),
    );
    const state = await adopt("authjs.session-token.0=a; authjs.session-token.1=b");
    expect(state).toMatchObject({ newSeal: seal, clearCookies: ["authjs.session-token.0", "authjs.session-token.1"] });
    expect(state.session?.userId).toBe(sessionCookieData().userId);
  });

  it("lets a read-only foreign session, or one the Node side could not be asked about, through (nobody refused for carrying it)", async () => {
    node.mockResolvedValueOnce(Response.json({ status: "foreign", clear: [] }));
    expect(await adopt("authjs.session-token=a")).toMatchObject({ foreign: true, session: null });
    node.mockRejectedValueOnce(new Error("connection refused"));
    expect(await adopt("authjs.session-token=b")).toMatchObject({ foreign: true });
  });

  it("clears a foreign cookie that is not a session (tampered, reused, an unknown user)", async () => {
    node.mockResolvedValueOnce(Response.json({ status: "none", clear: ["authjs.session-token"] }));
    expect(await adopt("authjs.session-token=tampered")).toMatchObject({ session: null, clearCookies: ["authjs.session-token"] });
  });
});

describe("respond", () => {
  const facts = (path: string, headers: Record<string, string> = {}) => describeRequest(request(path, { headers }), {});
  const dead: SessionState = { cookieName: "sid", present: true, session: null, reason: "idle", rotationSkipped: false };

  it("sends a page without a session to sign-in with the reason, and clears the dead cookie", () => {
    const response = signInRequired(request("/account/devices"), facts("/account/devices"), dead);
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!).search).toBe("?next=%2Faccount%2Fdevices&reason=idle");
    expect(response.headers.get("set-cookie")).toMatch(/^sid=;/);
  });

  it("answers the API without a session with 401 JSON, not a redirect", async () => {
    const response = signInRequired(request("/api/anything"), facts("/api/anything"), dead);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthenticated", reason: "idle" });
  });

  it("tells the page why its cookie died, and drops a client's own copy of that header (spoofed notice)", () => {
    const req = request("/", { headers: { "x-session-ended": "absolute", cookie: "sid=dead" } });
    const response = forward(req, facts("/"), dead);
    expect(response.headers.get("x-middleware-request-x-session-ended")).toBe("idle");
    expect(response.headers.get("x-middleware-request-cookie")).not.toContain("sid=");
  });

  it("puts the security headers on its own refusals, and no-store on authenticated answers (shared cache leak)", () => {
    const own = refused(NextResponse.json({}, { status: 403 }), facts("/"), []);
    expect(own.headers.get("x-frame-options")).toBe("DENY");
    const signedIn = withHeaders(NextResponse.next(), facts("/", { "x-forwarded-proto": "https" }), {
      authenticated: true,
      dropCookies: ["theme"],
    });
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    expect(signedIn.headers.get("strict-transport-security")).toContain("max-age=");
    expect(signedIn.headers.get("set-cookie")).toMatch(/^theme=;/);
  });
});
