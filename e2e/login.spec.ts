import { expect, test } from "./support/fixtures";
import { ALICE, BOB, sessionCookie, signIn, statusWith, submitSignIn } from "./support/session";

test.describe("sign-in", () => {
  test("signs in with the right password, lands on the account and sets a hardened cookie", async ({ page, context }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount/);
    await page.getByLabel("Email").fill(ALICE.email);
    await page.getByLabel("Password").fill(ALICE.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", expires: -1 });
    expect(cookie.value.length).toBeLessThan(4096);
  });

  test("answers a wrong password and an unknown account with the same message (account enumeration)", async ({ page }) => {
    const messages: string[] = [];
    for (const [email, password] of [
      [ALICE.email, "not-her-password"],
      ["nobody-here@example.com", "whatever-password"],
    ]) {
      await page.goto("/login");
      await submitSignIn(page, email!, password!);
      const alert = page.locator("form").getByRole("alert");
      await expect(alert).toBeVisible();
      messages.push((await alert.textContent()) ?? "");
      // the email is kept for correction, the password never echoed back
      await expect(page.getByLabel("Email")).toHaveValue(email!);
      await expect(page.getByLabel("Password")).toHaveValue("");
    }
    expect(messages).toEqual(["Invalid email or password.", "Invalid email or password."]);
  });

  test("throttles repeated failures for an account (password guessing)", async ({ page }) => {
    const email = `guess-${Date.now()}-${test.info().project.name}@example.com`;
    await page.goto("/login");
    const alert = page.locator("form").getByRole("alert");
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitSignIn(page, email, `guess-${attempt}`);
      await expect(alert).toHaveText("Invalid email or password.");
      await expect(page.getByLabel("Password")).toHaveValue("");
    }
    await submitSignIn(page, email, "guess-6");
    await expect(alert).toHaveText(/Too many failed attempts\. Try again in \d+ s\./);
  });

  test("explains missing and malformed fields next to them instead of failing", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter a valid email address.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-describedby", "email-error");
    await expect(page.getByText("Enter your password.")).toBeVisible();
  });

  test("issues a new token and ends the session planted before sign-in (session fixation)", async ({ page, context, browser, baseURL }) => {
    // the attacker signs in to their own account and plants that cookie in the victim's browser
    const attacker = await browser.newContext();
    const attackerPage = await attacker.newPage();
    await signIn(attackerPage, BOB);
    const planted = (await sessionCookie(attacker)).value;
    await context.addCookies([{ name: "sid", value: planted, url: baseURL! }]);

    await signIn(page, ALICE);
    await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
    const issued = (await sessionCookie(context)).value;
    expect(issued).not.toBe(planted);

    // the planted value is worthless now: it neither reaches Alice's session nor its own any more
    expect(await statusWith(baseURL!, planted)).toMatchObject({ authenticated: false });
    // the open page's session watcher may already be taking it to sign-in, aborting this navigation
    await attackerPage.goto("/account").catch((error: Error) => expect(error.message).toContain("ERR_ABORTED"));
    await expect(attackerPage).toHaveURL(/\/login\?.*reason=revoked/);
    await expect(attackerPage.getByText(ALICE.email)).toHaveCount(0);
    await attacker.close();
  });
});
