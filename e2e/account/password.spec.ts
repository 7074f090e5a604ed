import type { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { sessionCookie, signIn, signInOnDevice, submitSignIn } from "../support/session";

const NEW_PASSWORD = "copper violin harbour midnight";

async function changePassword(page: Page, current: string, next: string, again = next) {
  await page.goto("/account/security");
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("New password, again").fill(again);
  await page.getByRole("button", { name: "Change password" }).click();
}

test.describe("password change", () => {
  test("ends every other session, keeps this one with a new cookie (a thief's session outliving the change)", async ({
    page,
    browser,
    user,
  }) => {
    const other = await signInOnDevice(browser, user);
    await other.page.goto("/account");
    await signIn(page, user);
    const before = (await sessionCookie(page.context())).value;

    await changePassword(page, user.password, NEW_PASSWORD);
    await expect(page.getByRole("status")).toHaveText("Your password is changed. 1 other session was signed out. You stay signed in here.");
    expect((await sessionCookie(page.context())).value).not.toBe(before);
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(user.email);

    await expect(other.page).toHaveURL(/\/login\?.*reason=revoked/, { timeout: 5_000 });
    // the old password no longer opens the account; the new one does
    await submitSignIn(other.page, user.email, user.password);
    await expect(other.page.locator("form").getByRole("alert")).toHaveText("Invalid email or password.");
    await submitSignIn(other.page, user.email, NEW_PASSWORD);
    await expect(other.page).toHaveURL(/\/account/);
    await other.context.close();
  });

  test("explains every refusal next to its field and changes nothing", async ({ page, user }) => {
    await signIn(page, user);
    await changePassword(page, "not-my-password", NEW_PASSWORD);
    await expect(page.getByText("That is not your current password.")).toBeVisible();
    await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

    await changePassword(page, user.password, "password1234");
    await expect(page.getByText(/Too easy to guess/)).toBeVisible();
    await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute("aria-describedby", "newPassword-error");

    await changePassword(page, user.password, NEW_PASSWORD, `${NEW_PASSWORD}!`);
    await expect(page.getByText("The two new passwords are not the same.")).toBeVisible();

    // nothing was changed: the old password still signs in
    await page.context().clearCookies();
    await signIn(page, user);
  });

  test("shows the strength of the new password as it is typed", async ({ page, user }) => {
    await signIn(page, user);
    await page.goto("/account/security");
    await page.getByLabel("New password", { exact: true }).fill("password1234");
    await expect(page.getByText(/^(Very weak|Weak) — Too easy to guess/)).toBeVisible();
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await expect(page.getByText(/^(Strong|Very strong)$/)).toBeVisible();
  });
});
