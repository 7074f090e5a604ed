import type { Page } from "@playwright/test";
import { messagesFor } from "../../lib/i18n";
import { expect, test } from "../support/fixtures";
import { expectJapanese, signInIn } from "../support/i18n";
import { FIREFOX_WINDOWS } from "../support/session";

/**
 * The app in Japanese, as a visitor whose browser asks for it (Accept-Language: ja-JP) sees it: each
 * page in Japanese with nothing left in English, and the flows that matter, by their Japanese names.
 */
const ja = messagesFor("ja");
const ADMIN = { email: "admin@example.com", password: "admin-demo-password" };

test.use({ locale: "ja-JP" });

const signInJa = (page: Page, user: { email: string; password: string }) => signInIn("ja", page, user);

async function confirmJa(page: Page, password: string) {
  const dialog = page.getByRole("dialog", { name: ja.account.elevation.title });
  await expect(dialog).toBeVisible();
  await expectJapanese(page, "the re-authentication dialog");
  await dialog.getByLabel(ja.account.elevation.password).fill(password);
  await dialog.getByRole("button", { name: ja.account.elevation.confirm }).click();
  await expect(dialog).toBeHidden();
}

test("sign-in in Japanese: the page, the generic error, the throttle, then the account overview", async ({ page, user }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: ja.auth.login.title })).toBeVisible();
  await expectJapanese(page, "/login");
  const alert = page.locator("form").getByRole("alert");
  const email = `guess-ja-${Date.now()}@example.com`;
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signInJa(page, { email, password: `guess-${attempt}` });
    await expect(alert).toHaveText(ja.shared.invalidCredentials);
  }
  await signInJa(page, { email, password: "guess-6" });
  await expect(alert).toHaveText(/ログインの失敗が続いたため、一時的に制限しています。\d+秒後にもう一度お試しください。/);
  await expectJapanese(page, "/login, throttled");

  await signInJa(page, user);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: ja.account.overview.title, level: 1 })).toBeVisible();
  await expectJapanese(page, "/account");
});

test("devices in Japanese: end one, then end all others after re-authentication", async ({ page, browser, user }) => {
  const others = [];
  for (const userAgent of [FIREFOX_WINDOWS, undefined]) {
    const context = await browser.newContext({ locale: "ja-JP", userAgent });
    const other = await context.newPage();
    await signInJa(other, user);
    others.push(context);
  }
  await signInJa(page, user);
  await page.goto("/account/devices");
  await expect(page.getByTestId("device")).toHaveCount(3);
  await expectJapanese(page, "/account/devices");
  // the device's name is said in Japanese too: "Windows の Firefox 130"
  const firefox = ja.account.device.on("Firefox 130", "Windows");
  await expect(page.getByTestId("device-name").filter({ hasText: firefox })).toHaveCount(1);

  await page.getByRole("button", { name: ja.account.devices.signOutDevice(firefox) }).click();
  await confirmJa(page, user.password);
  await expect(page.getByTestId("device")).toHaveCount(2);

  // the privilege window is open now: ending the rest needs no second confirmation
  await page.getByRole("button", { name: ja.account.devices.signOutOthers }).click();
  await expect(page.getByTestId("device")).toHaveCount(1);
  await expect(page.getByText(ja.account.devices.signedOutOthers(1))).toBeVisible();
  await expectJapanese(page, "/account/devices after ending the others");

  await page.goto("/account/activity");
  await expect(page.getByRole("heading", { name: ja.account.activity.title, level: 1 })).toBeVisible();
  await expect(page.getByTestId("activity-list")).toContainText(ja.account.activity.ended["revoked-by-user"]);
  await expectJapanese(page, "/account/activity");
  for (const context of others) await context.close();
});

test("password change in Japanese: the strength message, then the change", async ({ page, user }) => {
  await signInJa(page, user);
  await page.goto("/account/security");
  await expectJapanese(page, "/account/security");
  await page.getByLabel(ja.auth.fields.currentPassword).fill(user.password);
  await page.getByLabel(ja.auth.fields.newPassword, { exact: true }).fill("short");
  await page.getByLabel(ja.auth.fields.newPasswordAgain).fill("short");
  await page.getByRole("button", { name: ja.auth.security.submit }).click();
  await expect(page.getByText(ja.auth.strength.tooShort(12))).toBeVisible();
  await expectJapanese(page, "/account/security with the strength message");
});

test("sign-out in Japanese lands on the Japanese sign-in page with its notice", async ({ page, user }) => {
  await signInJa(page, user);
  await page.getByRole("button", { name: ja.common.signOut }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: ja.auth.login.title })).toBeVisible();
  await expectJapanese(page, "/login after sign-out");
});

test("the admin area in Japanese: the confirmation, a user and their sessions, the dashboard", async ({ page, user }) => {
  await signInJa(page, user);
  await signInJa(page, ADMIN);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: ja.admin.title, level: 1 })).toBeVisible();
  await expectJapanese(page, "/admin before confirming");
  await page.getByRole("button", { name: ja.admin.confirmItsYou }).click();
  await confirmJa(page, ADMIN.password);
  await page.getByLabel(ja.admin.searchLabel).fill(user.email);
  await page.getByRole("button", { name: ja.admin.search, exact: true }).click();
  await expect(page.getByTestId("admin-user")).toContainText(user.email);
  await expectJapanese(page, "/admin with a user found");
  for (const range of Object.values(ja.admin.dashboard.ranges)) {
    await page.getByRole("link", { name: range.label }).click();
    await expect(page.getByRole("heading", { name: ja.admin.dashboard.heading(range.words) })).toBeVisible();
    await expectJapanese(page, `the dashboard, ${range.label}`);
  }
});

test("signed-out pages in Japanese: home, cookie policy, forgot password, dead links, not found", async ({ page }) => {
  for (const path of ["/", "/cookies", "/forgot-password", "/reset-password?token=dead", "/not-me?token=dead", "/no-such-page"]) {
    await page.goto(path);
    await expectJapanese(page, path);
  }
});
