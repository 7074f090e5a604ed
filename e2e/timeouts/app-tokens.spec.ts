import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { expect, test } from "../support/fixtures";
import { appSignIn, me, refresh, type TokenPair } from "../support/mobile";
import { sleep } from "../support/session";

// This server: rotation grace 2 s, app access tokens 3 s, a new signing key every 4 s (e2e/support/servers.ts).
test.describe("app tokens over time", () => {
  test("reusing a spent refresh token after the grace window revokes the family and the session (refresh token theft)", async ({
    request,
    user,
  }) => {
    const pair = await appSignIn(request, user);
    const next = (await (await refresh(request, pair.refreshToken)).json()) as TokenPair;
    await sleep(2_500);
    const replay = await refresh(request, pair.refreshToken);
    expect(replay.status()).toBe(401);
    expect((await replay.json()).error).toBe("token_reused");
    expect((await refresh(request, next.refreshToken)).status()).toBe(401);
    expect((await me(request, next.accessToken)).status()).toBe(401);
  });

  test("an expired access token is refused; a refresh gives a working one", async ({ request, user }) => {
    const pair = await appSignIn(request, user);
    await sleep(3_500);
    const expired = await me(request, pair.accessToken);
    expect(expired.status()).toBe(401);
    expect((await expired.json()).message).toContain("expired");
    const next = (await (await refresh(request, pair.refreshToken)).json()) as TokenPair;
    expect((await me(request, next.accessToken)).status()).toBe(200);
  });

  test("signing keys rotate, and the JWKS verifies tokens signed before and after (key rotation)", async ({ request, user, baseURL }) => {
    const pair = await appSignIn(request, user);
    await sleep(4_500);
    const next = (await (await refresh(request, pair.refreshToken)).json()) as TokenPair;
    const before = decodeProtectedHeader(pair.accessToken).kid;
    const after = decodeProtectedHeader(next.accessToken).kid;
    expect(after).not.toBe(before);
    const jwks = createRemoteJWKSet(new URL("/.well-known/jwks.json", baseURL));
    const options = { issuer: "urn:session-lab", audience: "urn:session-lab:mobile", clockTolerance: 10 };
    expect((await jwtVerify(pair.accessToken, jwks, options)).payload.sid).toBe(pair.sessionId);
    expect((await jwtVerify(next.accessToken, jwks, options)).payload.sid).toBe(pair.sessionId);
    expect((await me(request, next.accessToken)).status()).toBe(200);
  });
});
