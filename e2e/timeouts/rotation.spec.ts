import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "../support/fixtures";
import { ALICE, clientWithCookie, COOKIE, sessionCookie, signIn, sleep, statusWith } from "../support/session";

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

// This server runs with idle 5 s, absolute 14 s, renewal 3 s, grace 2 s (e2e/support/servers.ts).
test.describe("token rotation", () => {
  test("replaces the token after the renewal interval; the old one works only inside the grace window, then ends the session as stolen (token theft)", async ({ page, context, baseURL }) => {
    await signIn(page, ALICE);
    // activity before the renewal interval re-seals the cookie without rotating the token; keep that
    // copy, so the old cookie is not simply idle (5 s) by the time the grace window has closed
    await sleep(2_000);
    await page.goto("/account");
    const before = (await sessionCookie(context)).value;
    await sleep(1_300);
    const rotationRequested = Date.now();
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
    const after = (await sessionCookie(context)).value;
    expect(after).not.toBe(before);

    // inside the grace window a request still carrying the old cookie (another tab, a parallel fetch) works
    expect(await statusWith(baseURL!, before)).toMatchObject({ authenticated: true });

    // after it, the old token is evidence of theft: the whole session ends, for the thief and the user.
    // Timed from the rotation, not from the steps above (slow on a loaded machine): the old cookie's
    // own seal goes idle 5 s after it was sealed, and the check must land between the two.
    await sleep(Math.max(0, rotationRequested + 2_400 - Date.now()));
    expect(await statusWith(baseURL!, before)).toMatchObject({ authenticated: false, reason: "revoked" });
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?.*reason=revoked/);
  });

  test("hands the new token out again when the response that carried it never reached the browser (aborted navigation)", async ({ page, context, baseURL }) => {
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
    const before = (await sessionCookie(context)).value;
    await sleep(3_300);
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

  test("keeps rotating behind a TLS-terminating proxy, calling its own server and never the forwarded or Host address (stale token, internal key leak)", async ({ page, context, baseURL }) => {
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
      // what a proxy terminating TLS forwards: https, hence the __Host- cookie name
      const response = await rawGet(baseURL!, "/account", {
        host: `127.0.0.1:${(trap.address() as AddressInfo).port}`,
        "x-forwarded-proto": "https",
        "user-agent": await page.evaluate(() => navigator.userAgent), // the same browser (binding)
        cookie: `__Host-${COOKIE}=${before}`,
      });
      expect(trapped).toEqual([]);
      expect(response.status).toBe(200);
      const renewed = response.setCookie.find((c) => c.startsWith(`__Host-${COOKIE}=`));
      expect(renewed).toMatch(/; Secure/i);
      expect(renewed).not.toContain(before);
    } finally {
      trap.close();
    }
  });
});
