import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { expect, test } from "../support/fixtures";
import { appSignIn, me, refresh, type TokenPair } from "../support/mobile";

/**
 * The native app API (RFC 9700 refresh token rotation, bearer access tokens checked against the live
 * session), called as an app calls it.
 */
test.describe("app sessions", () => {
  test("full lifecycle: sign in, call the API, refresh, sign out, and the tokens are dead", async ({ request, user }) => {
    const pair = await appSignIn(request, user);
    expect(pair.accessToken.split(".")).toHaveLength(3);
    expect(pair.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(pair.accessTokenExpiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 1_000);
    expect(Date.parse(pair.refreshTokenExpiresAt) - Date.now()).toBeGreaterThan(80 * 24 * 3_600_000);

    const who = await me(request, pair.accessToken);
    expect(who.status()).toBe(200);
    expect(await who.json()).toMatchObject({
      user: { email: user.email },
      session: { id: pair.sessionId, kind: "mobile", deviceName: "Pixel 9 (Session Lab app)" },
    });

    const next = (await (await refresh(request, pair.refreshToken)).json()) as TokenPair;
    expect(next.sessionId).toBe(pair.sessionId);
    expect(next.refreshToken).not.toBe(pair.refreshToken);
    expect((await me(request, next.accessToken)).status()).toBe(200);

    const out = await request.post("/api/mobile/logout", { headers: { authorization: `Bearer ${next.accessToken}` } });
    expect(out.status()).toBe(204);
    expect((await me(request, next.accessToken)).status()).toBe(401);
    const after = await refresh(request, next.refreshToken);
    expect(after.status()).toBe(401);
    expect((await after.json()).error).toBe("invalid_token");
  });

  test("signing out with the refresh token ends the session too", async ({ request, user }) => {
    const pair = await appSignIn(request, user);
    expect((await request.post("/api/mobile/logout", { data: { refreshToken: pair.refreshToken } })).status()).toBe(204);
    expect((await me(request, pair.accessToken)).status()).toBe(401);
  });

  test("refresh token theft: a token spent two refreshes ago ends the whole family and its session", async ({ request, user }) => {
    const pair = await appSignIn(request, user);
    const second = (await (await refresh(request, pair.refreshToken)).json()) as TokenPair;
    const third = (await (await refresh(request, second.refreshToken)).json()) as TokenPair;
    const replay = await refresh(request, pair.refreshToken);
    expect(replay.status()).toBe(401);
    expect((await replay.json()).error).toBe("token_reused");
    // the legitimate app is out too: reuse means someone else holds a copy
    expect((await refresh(request, third.refreshToken)).status()).toBe(401);
    expect((await me(request, third.accessToken)).status()).toBe(401);
  });

  test("a lost response: retrying the same refresh inside the grace window returns the same successor", async ({ request, user }) => {
    const pair = await appSignIn(request, user);
    const first = (await (await refresh(request, pair.refreshToken)).json()) as TokenPair;
    const retry = (await (await refresh(request, pair.refreshToken)).json()) as TokenPair;
    expect(retry.refreshToken).toBe(first.refreshToken);
    expect((await me(request, retry.accessToken)).status()).toBe(200);
  });

  test("20 parallel refreshes of one token yield exactly one successor, and the family lives on", async ({ request, user }) => {
    const pair = await appSignIn(request, user);
    const responses = await Promise.all(Array.from({ length: 20 }, () => refresh(request, pair.refreshToken)));
    expect(responses.map((r) => r.status())).toEqual(Array(20).fill(200));
    const successors = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as TokenPair).refreshToken)));
    expect(successors.size).toBe(1);
    const [successor] = [...successors];
    const next = await refresh(request, successor!);
    expect(next.status()).toBe(200);
  });

  test("an access token of a revoked session is refused at once, long before it expires", async ({ request, user }) => {
    const pair = await appSignIn(request, user);
    const other = await appSignIn(request, user, "Second phone");
    expect((await me(request, pair.accessToken)).status()).toBe(200);
    // the second device signs the first out (as the devices page would); the first's JWT is still unexpired
    expect((await request.post("/api/mobile/logout", { data: { refreshToken: pair.refreshToken } })).status()).toBe(204);
    const refused = await me(request, pair.accessToken);
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error).toBe("invalid_token");
    expect((await me(request, other.accessToken)).status()).toBe(200);
  });

  test("the JWKS verifies access tokens: EdDSA, kid, issuer, audience, sub, sid, jti", async ({ request, user }) => {
    const pair = await appSignIn(request, user);
    const jwks = (await (await request.get("/.well-known/jwks.json")).json()) as JSONWebKeySet;
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
      expect(key).not.toHaveProperty("d");
    }
    const { payload, protectedHeader } = await jwtVerify(pair.accessToken, createLocalJWKSet(jwks), {
      issuer: "urn:session-lab",
      audience: "urn:session-lab:mobile",
    });
    expect(protectedHeader.alg).toBe("EdDSA");
    expect(payload).toMatchObject({ sid: pair.sessionId });
    expect(payload.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.jti).toBeTruthy();
    expect(payload.exp! - payload.iat!).toBe(15 * 60);
  });

  test("forged and malformed access tokens are refused", async ({ request, user }) => {
    const pair = await appSignIn(request, user);
    const [header, payload, signature] = pair.accessToken.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const otherPayload = Buffer.from(JSON.stringify({ ...claims, sub: "00000000-0000-4000-8000-000000000000" })).toString("base64url");
    const noneHeader = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url");
    for (const token of [
      `${header}.${otherPayload}.${signature}`,
      `${noneHeader}.${payload}.`,
      `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
      "garbage",
    ]) {
      const response = await me(request, token);
      expect(response.status(), token.slice(0, 20)).toBe(401);
      expect((await response.json()).error).toBe("invalid_token");
    }
    const missing = await request.get("/api/mobile/me");
    expect(missing.status()).toBe(401);
    expect(missing.headers()["www-authenticate"]).toContain("Bearer");
  });

  test("wrong credentials and throttling get their own stable codes", async ({ request, user }) => {
    const wrong = await request.post("/api/mobile/token", {
      data: { email: user.email, password: "not-the-password", deviceName: "Phone" },
    });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_credentials" });
    const unknown = await request.post("/api/mobile/token", {
      data: { email: "nobody@e2e.test", password: "whatever-password", deviceName: "Phone" },
    });
    expect(await unknown.json()).toMatchObject({ error: "invalid_credentials" });
    let last = wrong;
    for (let i = 0; i < 12 && last.status() !== 429; i++) {
      last = await request.post("/api/mobile/token", { data: { email: user.email, password: `wrong-${i}`, deviceName: "Phone" } });
    }
    expect(last.status()).toBe(429);
    expect(await last.json()).toMatchObject({ error: "rate_limited" });
    expect(Number(last.headers()["retry-after"])).toBeGreaterThan(0);
  });

  test("malformed requests get 400 invalid_request, never a 500", async ({ request }) => {
    const post = (path: string, data: string, contentType = "application/json") =>
      request.post(path, { data, headers: { "content-type": contentType } });
    const cases: [string, string, string?][] = [
      ["/api/mobile/token", "{not json"],
      ["/api/mobile/token", "[]"],
      ["/api/mobile/token", "null"],
      ["/api/mobile/token", JSON.stringify({ email: "a@b.test" })],
      ["/api/mobile/token", JSON.stringify({ email: 5, password: [], deviceName: {} })],
      ["/api/mobile/token", JSON.stringify({ email: "a@b.test", password: "x", deviceName: "d".repeat(100) })],
      ["/api/mobile/token", JSON.stringify({ email: "a@b.test", password: "x".repeat(10_000), deviceName: "d" })],
      ["/api/mobile/token", "email=a", "application/x-www-form-urlencoded"],
      ["/api/mobile/refresh", "{}"],
      ["/api/mobile/refresh", JSON.stringify({ refreshToken: 42 })],
      ["/api/mobile/refresh", JSON.stringify({ refreshToken: "x".repeat(5_000) })],
      ["/api/mobile/logout", "{oops"],
    ];
    for (const [path, body, type] of cases) {
      const response = await post(path, body, type);
      expect(response.status(), `${path} ${body.slice(0, 40)}`).toBe(400);
      expect((await response.json()).error).toBe("invalid_request");
    }
    const unknown = await post("/api/mobile/refresh", JSON.stringify({ refreshToken: "A".repeat(43) }));
    expect(unknown.status()).toBe(401);
  });
});
