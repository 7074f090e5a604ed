import { expect, test } from "../support/fixtures";
import { sessionCookie, signInOnDevice } from "../support/session";

/**
 * Demo mode without SMTP (this server): "Forgot your password?" puts its email in the demo mailbox,
 * whose link sets a new password, ends the other sessions and signs in this browser. The same flow
 * over SMTP, with two instances, is e2e/notifications.
 */
const NEW_PASSWORD = "amber lantern under the viaduct";

test("a reset link from the demo mailbox sets a new password, ends the other sessions and signs in this browser only (forgotten password)", async ({
  page,
  browser,
  user,
}) => {
  const other = await signInOnDevice(browser, user);
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(`If ${user.email} has an account here, we have emailed it a link`);

  await page.goto("/demo/mailbox");
  const mail = page
    .getByRole("article")
    .filter({ hasText: `To ${user.email}` })
    .filter({ hasText: "Reset your Session Lab password" });
  await expect(async () => {
    await page.reload();
    await expect(mail).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await mail.getByRole("link", { name: /\/reset-password\?token=/ }).click();

  await expect(page.getByText(`For ${user.email}.`)).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("New password, again").fill("short");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.locator("#newPassword-error")).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("New password, again").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/account\?reset=1/);
  await expect(page.getByTestId("account-email")).toHaveText(user.email);
  expect((await sessionCookie(page.context())).value).toBeTruthy();
  await other.page.goto("/account");
  await expect(other.page).toHaveURL(/\/login/);
  user.password = NEW_PASSWORD;
  await other.context.close();
});
