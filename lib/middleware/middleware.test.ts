import { sealData, unsealData } from "iron-session";
import { NextRequest, type NextFetchEvent } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CONSENT_REVISION } from "../consent/registry";
import { ALL_CHOICES, encodeConsentCookie } from "../consent/state";
import type { SessionCookie } from "../session/cookie";
import { sessionCookieData } from "../../test/support/sessions";

/**
 * The Edge middleware as a plain function: real requests in, real responses out, the Node side
 * (token rotation, expiry) replaced by a stubbed fetch. Policy: the general preset (idle 30m,
 * absolute 8h, renewal 15m; the seal is rewritten once its activity is 60 s old).
 */
const SECRET = "middleware-test-secret-0123456789abcdefghij";
const MIN = 60_000;
const ORIGIN = "http://127.0.0.1:3000";

let middleware: typeof import("../../middleware").middleware;
let fetchMock: ReturnType<typeof vi.fn>;
let waiting: Promise<unknown>[];

beforeEach(async () => {
  vi.stubEnv("SESSION_SECRET", SECRET);
  vi.stubEnv("SESSION_POLICY_PRESET", "general");
  vi.stubEnv("__NEXT_PRIVATE_ORIGIN", ORIGIN);
  vi.resetModules(); // fresh config and fresh back-off state for every test
  ({ middleware } = await import("../../middleware"));
  fetchMock = vi.fn(async () => Response.json({ status: "not-due" }));
  vi.stubGlobal("fetch", fetchMock);
  waiting = [];
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

const event = () => ({ waitUntil: (p: Promise<unknown>) => waiting.push(p) }) as unknown as NextFetchEvent;
const TOKEN = "t".repeat(43);

async function seal(overrides: Partial<SessionCookie> = {}) {
  return sealData(sessionCookieData({ token: TOKEN, ...overrides }), { password: { 1: SECRET }, ttl: 9 * 3600 });
}

function request(path: string, init: { cookie?: string; headers?: Record<string, string>; method?: string } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie) headers.cookie = `sid=${init.cookie}`;
  return new NextRequest(new URL(path, ORIGIN), { method: init.method ?? "GET", headers });
}

const run = async (req: NextRequest) => {
  const response = await middleware(req, event());
  await Promise.all(waiting);
  return response;
};
const setCookie = (r: Response) => r.headers.get("set-cookie") ?? "";
// Next's adapter makes same-host redirects relative after the middleware returns; compare path and query
const redirectTarget = (r: Response) => {
  const location = new URL(r.headers.get("location") ?? "", ORIGIN);
  return location.pathname + location.search;
};
const internalCalls = () => fetchMock.mock.calls.map(([url]) => new URL(String(url)).pathname);

describe("Edge middleware: timeouts", () => {
  it("turns an idle seal away before any page renders, and has the store end that session (idle timeout)", async () => {
    const response = await run(request("/account", { cookie: await seal({ lastSeenAt: Date.now() - 31 * MIN }) }));
    expect(response.status).toBe(303);
    expect(redirectTarget(response)).toBe("/login?next=%2Faccount&reason=idle");
    expect(setCookie(response)).toMatch(/^sid=;/);
    expect(internalCalls()).toEqual(["/api/session/expire"]);
  });

  it("turns a seal past its absolute limit away even while it is active (absolute timeout)", async () => {
    const response = await run(request("/api/anything", { cookie: await seal({ createdAt: Date.now() - 8 * 60 * MIN - 1 }) }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "unauthenticated", reason: "absolute" });
    expect(internalCalls()).toEqual(["/api/session/expire"]);
  });

  it("rewrites the seal once its recorded activity is a minute old, not on every request (rolling renewal)", async () => {
    expect(setCookie(await run(request("/", { cookie: await seal({ lastSeenAt: Date.now() - 30_000 }) })))).toBe("");
    const renewed = setCookie(await run(request("/", { cookie: await seal({ lastSeenAt: Date.now() - 61_000 }) })));
    const value = /^sid=([^;]+)/.exec(renewed)?.[1];
    const data = await unsealData<SessionCookie>(value!, { password: { 1: SECRET } });
    expect(Date.now() - data.lastSeenAt).toBeLessThan(5_000);
    expect(data.token).toBe(TOKEN);
    expect(renewed).toMatch(/HttpOnly/i);
    expect(renewed).toMatch(/SameSite=lax/i);
  });

  it("never counts status polling as activity: no renewal, no rotation (abandoned tab)", async () => {
    const response = await run(
      request("/api/session/status", { cookie: await seal({ lastSeenAt: Date.now() - 10 * MIN, rotatedAt: Date.now() - 20 * MIN }) }),
    );
    expect(setCookie(response)).toBe("");
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("Edge middleware: rotation through the Node side", () => {
  const due = async () => seal({ rotatedAt: Date.now() - 16 * MIN, lastSeenAt: Date.now() - 2 * MIN });

  it("sets the new seal the Node side minted, on the response and on the request being rendered", async () => {
    fetchMock.mockResolvedValueOnce(Response.json({ status: "rotated", seal: "NEW-SEAL" }));
    const response = await run(request("/account", { cookie: await due() }));
    expect(internalCalls()).toEqual(["/api/session/rotate"]);
    expect(fetchMock.mock.calls[0]![0].toString()).toBe(`${ORIGIN}/api/session/rotate`);
    expect(setCookie(response)).toMatch(/^sid=NEW-SEAL;/);
    expect(response.headers.get("x-middleware-request-cookie")).toContain("sid=NEW-SEAL");
  });

  it("keeps an active user's seal fresh when the Node side cannot be reached (no false idle logout)", async () => {
    fetchMock.mockRejectedValue(new TypeError("fetch failed"));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await run(request("/account", { cookie: await due() }));
    expect(response.status).toBe(200);
    const value = /^sid=([^;]+)/.exec(setCookie(response))?.[1];
    const data = await unsealData<SessionCookie>(value!, { password: { 1: SECRET } });
    expect(Date.now() - data.lastSeenAt).toBeLessThan(5_000);
    // and it backs off: the next request does not wait for another failing call
    const next = await run(request("/account", { cookie: await due() }));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledTimes(1); // the operator hears of it once, not once per request
    // the skipped rotation is reported to the Node side, which counts it
    expect(next.headers.get("x-middleware-request-x-session-rotation-skipped")).toBe("1");
  });

  it("backs off per session: one session whose calls fail pauses nobody else's rotation (rotation denial)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    fetchMock.mockRejectedValueOnce(new TypeError("fetch failed"));
    await run(request("/account", { cookie: await seal({ token: "a".repeat(43), rotatedAt: Date.now() - 16 * MIN }) }));
    fetchMock.mockResolvedValueOnce(Response.json({ status: "rotated", seal: "B-NEW-SEAL" }));
    const other = await run(request("/account", { cookie: await seal({ token: "b".repeat(43), rotatedAt: Date.now() - 16 * MIN }) }));
    expect(internalCalls()).toEqual(["/api/session/rotate", "/api/session/rotate"]);
    expect(setCookie(other)).toMatch(/^sid=B-NEW-SEAL;/);
  });

  it("asks again, inside the grace window, after a rotation whose answer timed out, so a rotation carried out reaches the browser (lost rotation answer)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const cookie = await seal({ rotatedAt: Date.now() - 16 * MIN });
    fetchMock.mockRejectedValueOnce(new DOMException("The operation timed out.", "TimeoutError"));
    await run(request("/account", { cookie }));
    fetchMock.mockResolvedValueOnce(Response.json({ status: "rotated", seal: "SUCCESSOR-SEAL" }));
    const next = await run(request("/account", { cookie }));
    expect(internalCalls()).toEqual(["/api/session/rotate", "/api/session/rotate"]);
    expect(setCookie(next)).toMatch(/^sid=SUCCESSOR-SEAL;/);
  });

  it("does not ask again after a call that never reached the Node side (it backs off)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const cookie = await seal({ rotatedAt: Date.now() - 16 * MIN });
    fetchMock.mockRejectedValueOnce(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }));
    await run(request("/account", { cookie }));
    await run(request("/account", { cookie }));
    expect(internalCalls()).toEqual(["/api/session/rotate"]);
  });

  it("drops a client's own rotation-skipped header, so nobody can inflate the count (spoofed metric)", async () => {
    const response = await run(request("/", { headers: { "x-session-rotation-skipped": "1" }, cookie: await seal() }));
    expect(response.headers.get("x-middleware-request-x-session-rotation-skipped")).toBeNull();
  });

  it("does not re-seal the old token when a parallel request rotated it first (would undo the rotation)", async () => {
    fetchMock.mockResolvedValueOnce(Response.json({ status: "superseded" }));
    expect(setCookie(await run(request("/account", { cookie: await due() })))).toBe("");
  });

  it("signs out a session the store refused during rotation (revoked elsewhere)", async () => {
    fetchMock.mockResolvedValueOnce(Response.json({ status: "refused", reason: "revoked" }));
    const response = await run(request("/account", { cookie: await due() }));
    expect(redirectTarget(response)).toBe("/login?next=%2Faccount&reason=revoked");
    expect(setCookie(response)).toMatch(/^sid=;/);
  });
});

describe("Edge middleware: its own calls to the Node side", () => {
  it.each(["/api/session/expire", "/api/session/rotate"])(
    "passes %s through without checking its seal, so an expired cookie cannot set off an endless chain of calls (request storm)",
    async (path) => {
      const expired = await seal({ lastSeenAt: Date.now() - 31 * MIN, rotatedAt: Date.now() - 31 * MIN });
      const response = await run(request(path, { method: "POST", cookie: expired }));
      expect(fetchMock).not.toHaveBeenCalled();
      expect(response.status).toBe(200);
      expect(setCookie(response)).toBe("");
    },
  );
});

describe("Edge middleware: consent inherited from an account", () => {
  const consent = (inherited: boolean) =>
    encodeConsentCookie({
      id: crypto.randomUUID(),
      revision: CONSENT_REVISION,
      decidedAt: Date.now(),
      choices: ALL_CHOICES,
      gpc: false,
      inherited,
    });
  const cookies = (consentValue: string, session?: string) =>
    [`consent=${consentValue}`, "sl_analytics=00000000-0000-4000-8000-000000000001", ...(session ? [`sid=${session}`] : [])].join("; ");

  it("deletes a decision copied from an account, and the cookies it allowed, once the browser has no session (shared browser)", async () => {
    const response = await run(request("/", { headers: { cookie: cookies(consent(true)) } }));
    const deleted = response.headers.getSetCookie().map((c) => c.split("=")[0]);
    expect(deleted.sort()).toEqual(["consent", "sl_analytics"]);
    expect(response.headers.get("x-middleware-request-cookie") ?? "").not.toContain("consent=");
  });

  it("keeps it while the session lasts, and keeps a decision the browser made itself", async () => {
    const signedIn = await run(request("/", { headers: { cookie: cookies(consent(true), await seal()) } }));
    expect(signedIn.headers.getSetCookie()).toEqual([]);
    const own = await run(request("/", { headers: { cookie: cookies(consent(false)) } }));
    expect(own.headers.getSetCookie()).toEqual([]);
  });
});

describe("Edge middleware: headers and request hygiene", () => {
  it("marks authenticated responses no-store so no cache keeps them (shared cache leak)", async () => {
    const response = await run(request("/api/session/status", { cookie: await seal() }));
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  it("sends HSTS only when served over TLS (directly or through a proxy)", async () => {
    expect((await run(request("/"))).headers.get("strict-transport-security")).toBeNull();
    const secure = await run(request("/", { headers: { "x-forwarded-proto": "https" } }));
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });

  it("drops a client's own x-session-ended header, so nobody can put words in the sign-in page (spoofed notice)", async () => {
    const response = await run(request("/api/session/status", { headers: { "x-session-ended": "absolute" } }));
    expect(response.headers.get("x-middleware-request-x-session-ended")).toBeNull();
  });

  it("refuses a cross-site form post before any handler runs (CSRF)", async () => {
    const response = await run(
      request("/api/auth/logout", { method: "POST", headers: { origin: "https://evil.example" }, cookie: await seal() }),
    );
    expect(response.status).toBe(403);
  });
});
