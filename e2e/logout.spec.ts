import { expect, test } from "./support/fixtures";
import { ALICE, sessionCookie, signIn, statusWith } from "./support/session";

test.describe("sign-out", () => {
  test("ends the session in the store, so a copied cookie replayed afterwards is refused (session replay)", async ({
    page,
    context,
    browser,
    baseURL,
  }) => {
    await signIn(page, ALICE);
    const copied = (await sessionCookie(context)).value;
    expect(await statusWith(baseURL!, copied)).toMatchObject({ authenticated: true });

    const logout = page.waitForResponse((r) => r.url().endsWith("/api/auth/logout"));
    await page.getByRole("button", { name: "Sign out" }).click();
    const response = await logout;
    expect(response.status()).toBe(303);
    expect((await response.allHeaders())["clear-site-data"]).toBe('"cache", "storage"');
    await expect(page).toHaveURL(/\/login\?reason=signed-out/);
    await expect(page.getByRole("status")).toHaveText("You have signed out.");
    expect((await context.cookies()).find((c) => c.name === "sid")).toBeUndefined();

    // the thief's copy of the cookie is dead even though its seal is still intact
    expect(await statusWith(baseURL!, copied)).toMatchObject({ authenticated: false, reason: "revoked" });
    const thief = await browser.newContext();
    await thief.addCookies([{ name: "sid", value: copied, url: baseURL! }]);
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/account");
    await expect(thiefPage).toHaveURL(/\/login/);
    await expect(thiefPage.getByText(ALICE.email)).toHaveCount(0);
    await thief.close();
  });

  test("the back button after sign-out does not show the account page (cached private page)", async ({ page }) => {
    await signIn(page, ALICE);
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goBack();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId("account-email")).toHaveCount(0);
  });

  test("refuses sign-out by GET, so a link or image cannot end a session (logout CSRF)", async ({ page, request }) => {
    await signIn(page, ALICE);
    const response = await request.get("/api/auth/logout", { maxRedirects: 0 });
    expect(response.status()).toBe(405);
    await page.reload();
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  });

  test("offers a sign-out control on every page while signed in", async ({ page }) => {
    await signIn(page, ALICE);
    for (const path of ["/", "/account", "/login"]) {
      await page.goto(path);
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    }
  });
});
