import { expect, test } from "../support/fixtures";
import { FIREFOX_WINDOWS, sessionCookie, signIn, stealSession } from "../support/session";

/** Defaults: a browser change asks for the password (step-up); a network change is only recorded. */
test.describe("session binding", () => {
  test("a cookie replayed from another browser must pass the password first, and learns nothing of the account (cookie theft)", async ({
    page,
    browser,
    user,
    baseURL,
  }) => {
    await signIn(page, user);
    const { context: thief, page: thiefPage } = await stealSession(browser, page, baseURL!);
    await thiefPage.goto("/account/devices");
    await expect(thiefPage).toHaveURL(/\/verify\?next=%2Faccount%2Fdevices/);
    await expect(thiefPage.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
    await expect(thiefPage.getByText(user.email)).toHaveCount(0);
    const status = await thiefPage.evaluate(async () => (await fetch("/api/session/status")).json());
    expect(status).toEqual({ authenticated: true, stepUp: true, serverTime: expect.any(String) });
    await thiefPage.getByLabel("Password").fill("a-guess");
    await thiefPage.getByRole("button", { name: "Continue" }).click();
    await expect(thiefPage.getByText("That password is not right.")).toBeVisible();

    // the owner is not disturbed, and is told
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(user.email);
    await expect(page.getByTestId("notices")).toContainText("used from another browser or network");
    await page.goto("/account/activity");
    await expect(page.locator('[data-event-type="session.suspicious"]')).toContainText("another browser: the password was asked for");
    await thief.close();
  });

  test("a stolen cookie is no password oracle: after five wrong step-up passwords its session ends, for the thief and the owner alike (guessing with a stolen cookie)", async ({
    page,
    browser,
    user,
    baseURL,
  }) => {
    await signIn(page, user);
    const { context: thief, page: thiefPage } = await stealSession(browser, page, baseURL!);
    await thiefPage.goto("/account");
    const guess = async (password: string) => {
      // React resets the form after each answer: wait for it, so no guess is typed into a field about to clear
      await expect(thiefPage.getByLabel("Password")).toHaveValue("");
      await thiefPage.getByLabel("Password").fill(password);
      const answered = thiefPage.waitForResponse((r) => r.request().method() === "POST");
      await thiefPage.getByRole("button", { name: "Continue" }).click();
      await answered;
    };
    for (let i = 1; i <= 5; i++) {
      await guess(`guess-${i}`);
      await expect(thiefPage.getByText("That password is not right.")).toBeVisible();
    }
    await guess("guess-6");
    await expect(thiefPage).toHaveURL(/\/login\?reason=revoked/);
    await thief.close();

    // the session is over everywhere; the owner signs in again and is told why
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);
    await signIn(page, user);
    await page.goto("/account/activity");
    await expect(page.getByTestId("activity-list")).toContainText("Session ended after too many wrong passwords");
  });

  test("the owner moving to another browser passes the step-up with the password and goes on where they were", async ({
    page,
    browser,
    user,
    baseURL,
  }) => {
    await signIn(page, user);
    const cookie = (await sessionCookie(page.context())).value;
    const laptop = await browser.newContext({ userAgent: FIREFOX_WINDOWS });
    await laptop.addCookies([{ name: "sid", value: cookie, url: baseURL! }]);
    const laptopPage = await laptop.newPage();
    await laptopPage.goto("/account/activity");
    await laptopPage.getByLabel("Password").fill(user.password);
    await laptopPage.getByRole("button", { name: "Continue" }).click();
    await expect(laptopPage).toHaveURL(/\/account\/activity$/);
    await expect(laptopPage.getByRole("heading", { name: "Activity" })).toBeVisible();
    expect((await sessionCookie(laptop)).value).not.toBe(cookie); // a new token for the verified browser
    await laptop.close();
  });
});
