import { createServer, request as httpRequest } from "node:http";
import { unsealData } from "iron-session";
import type { AddressInfo } from "node:net";
import { expect, test } from "../support/fixtures";
import { ALICE, clientWithCookie, COOKIE, sessionCookie, signIn, sleep, statusWith } from "../support/session";
import { TEST_SESSION_SECRET } from "../support/servers";

/** A GET with headers a browser would never let a page set (here: a forged Host). */
function rawGet(baseURL: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; setCookie: string[] }>((resolve, reject) => {
    const req = httpRequest(new URL(path, baseURL), { headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers["set-cookie"] ?? [] }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The token a session cookie carries (the suites know the test servers' secret). */
const tokenIn = async (seal: string) => (await unsealData<{ token: string }>(seal, { password: TEST_SESSION_SECRET })).token;

// This server runs with idle 5 s, absolute 14 s, renewal 3 s, grace 2 s (e2e/support/servers.ts).
test.describe("token rotation", () => {
  test("replaces the token after the renewal interval; the old one works only inside the grace window, then ends the session as stolen (token theft)", async ({
    page,
    context,
    baseURL,
  }) => {
    await signIn(page, ALICE);
    // Browse until the token is replaced. Each page before the renewal interval re-seals the cookie with
    // the same token and a fresh activity time: `before` is the last of those, the one the rotating
    // request presented, so its own idle limit (5 s from its seal) lies well after the grace window
    // (2 s from the rotation) however slowly this machine answers. Only the response's arrival is
    // awaited, not the page's rendering, and a new cookie value is not yet a new token (a rotation
    // call that timed out re-seals the same token): only a new token counts.
    let before = (await sessionCookie(context)).value;
    const oldToken = await tokenIn(before);
    let rotatedAt = 0;
    for (let step = 0; step < 40 && !rotatedAt; step++) {
      await sleep(250);
      await page.goto("/account", { waitUntil: "commit" });
      const current = (await sessionCookie(context)).value;
      const sealed = await unsealData<{ token: string; rotatedAt: number }>(current, { password: TEST_SESSION_SECRET });
      if (sealed.token !== oldToken) rotatedAt = sealed.rotatedAt;
      else before = current;
    }
    expect(rotatedAt, "the token was replaced").toBeGreaterThan(0);
    // inside the grace window a request still carrying the old cookie (another tab, a parallel fetch) works
    expect(await statusWith(baseURL!, before)).toMatchObject({ authenticated: true });
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);

    // after it, the old token is evidence of theft: the whole session ends, for the thief and the user.
    // Timed from the rotation the server sealed into the new cookie (same clock), not from the steps above.
    await sleep(Math.max(0, rotatedAt + 2_150 - Date.now()));
    expect(await statusWith(baseURL!, before)).toMatchObject({ authenticated: false, reason: "revoked" });
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?.*reason=revoked/);
  });

  test("hands the new token out again when the response that carried it never reached the browser (aborted navigation)", async ({
    page,
    context,
    baseURL,
  }) => {
    await signIn(page, ALICE);
    await sleep(2_000);
    await page.goto("/account"); // activity: keeps the seal fresh through the waits below
    const before = (await sessionCookie(context)).value;
    await sleep(1_300); // past the renewal interval
    // this request rotates the token, but its response is lost, as when the user clicks away
    const lost = await clientWithCookie(baseURL!, before);
    expect((await lost.get("/account")).headers()["set-cookie"]).toMatch(new RegExp(`^${COOKIE}=`));
    await lost.dispose();

    // the browser still holds the old token: inside the grace window it is given the new one again
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
    expect((await sessionCookie(context)).value).not.toBe(before);
    // and after the grace window it is still signed in, instead of being taken for a thief
    await sleep(2_300);
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  });

  test("20 parallel requests across a rotation all succeed (no spurious logout)", async ({ page, context }) => {
    await signIn(page, ALICE);
    // activity a second before the renewal interval re-seals the cookie (no rotation yet), so the 5 s
    // idle limit is still seconds away while 20 requests are served at once on a busy test machine
    await sleep(2_000);
    await page.goto("/account");
    const before = (await sessionCookie(context)).value;
    await sleep(1_300);
    const results = await page.evaluate(async () => {
      const calls = Array.from({ length: 20 }, (_, i) =>
        fetch(i % 2 ? "/api/session/status" : "/account", { redirect: "manual" }).then(async (r) =>
          r.url.endsWith("/api/session/status") ? ((await r.json()) as { authenticated: boolean }).authenticated : r.status === 200,
        ),
      );
      return Promise.all(calls);
    });
    expect(results).toEqual(Array(20).fill(true));
    const after = (await sessionCookie(context)).value;
    expect(after).not.toBe(before);
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  });

  // (behind a real TLS-terminating proxy, rotation is proven by e2e/production)
  test("keeps rotating when the Host header names another server, calling its own server and never that address (internal key leak)", async ({
    page,
    context,
    baseURL,
  }) => {
    const trapped: string[] = [];
    const trap = createServer((req, res) => {
      trapped.push(`${req.method} ${req.url}`);
      res.end("{}");
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    try {
      await signIn(page, ALICE);
      const before = (await sessionCookie(context)).value;
      await sleep(3_300); // past the renewal interval: this request makes the middleware rotate
      // a Host (and a scheme) of the client's choosing: the internal call must not follow either
      const response = await rawGet(baseURL!, "/account", {
        host: `127.0.0.1:${(trap.address() as AddressInfo).port}`,
        "x-forwarded-proto": "https",
        "user-agent": await page.evaluate(() => navigator.userAgent), // the same browser (binding)
        cookie: `${COOKIE}=${before}`,
      });
      expect(trapped).toEqual([]);
      expect(response.status).toBe(200);
      const renewed = response.setCookie.find((c) => c.startsWith(`${COOKIE}=`));
      // reached directly over plain HTTP, a claimed "https" changes nothing: no __Host- cookie
      expect(renewed).not.toMatch(/; Secure/i);
      expect(renewed).not.toContain(before);
    } finally {
      trap.close();
    }
  });
});
