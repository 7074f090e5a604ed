import { expect, test } from "@playwright/test";
import { ALICE, sessionCookie, signIn, sleep, statusWith } from "../support/session";

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
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
    const after = (await sessionCookie(context)).value;
    expect(after).not.toBe(before);

    // inside the grace window a request still carrying the old cookie (another tab, a parallel fetch) works
    expect(await statusWith(baseURL!, before)).toMatchObject({ authenticated: true });

    // after it, the old token is evidence of theft: the whole session ends, for the thief and the user
    await sleep(2_300);
    expect(await statusWith(baseURL!, before)).toMatchObject({ authenticated: false, reason: "revoked" });
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?.*reason=revoked/);
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
});
