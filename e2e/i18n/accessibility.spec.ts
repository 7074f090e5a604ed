import type { Browser, Page } from "@playwright/test";
import { LANGS, messagesFor, type Lang } from "../../lib/i18n";
import { expect, test } from "../support/fixtures";
import { expectAccessible, signInIn } from "../support/i18n";

/**
 * axe-core's WCAG 2.2 AA rules on every page, in English and in Japanese, signed out and signed in,
 * with the consent banner and the re-authentication dialog open. (The idle warning's dialog:
 * idle.spec.ts; the 503 page: e2e/resilience/postgres-down.spec.ts.)
 */
const ADMIN = { email: "admin@example.com", password: "admin-demo-password" };
const SIGNED_OUT = ["/", "/login", "/forgot-password", "/cookies", "/reset-password?token=dead", "/not-me?token=dead", "/no-such-page"];
const SIGNED_IN = ["/account", "/account/devices", "/account/activity", "/account/security"];

async function open(browser: Browser, lang: Lang) {
  const context = await browser.newContext({ locale: lang === "ja" ? "ja-JP" : "en-US" });
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, lang: Lang, user: { email: string; password: string }) {
  await signInIn(lang, page, user);
  await expect(page).not.toHaveURL(/\/login/);
}

for (const lang of LANGS) {
  const t = messagesFor(lang);

  test(`signed-out pages pass WCAG 2.2 AA in ${lang}, with the consent banner and the preferences dialog`, async ({ browser }) => {
    const { context, page } = await open(browser, lang);
    for (const path of SIGNED_OUT) {
      await page.goto(path);
      await expectAccessible(page, `${lang} ${path}`);
    }
    await page.getByRole("region", { name: t.consent.bannerTitle }).getByRole("button", { name: t.consent.customize }).click();
    await expect(page.getByRole("dialog", { name: t.consent.dialogTitle })).toBeVisible();
    await expectAccessible(page, `${lang} consent preferences dialog`);
    await context.close();
  });

  test(`account pages pass WCAG 2.2 AA in ${lang}, and so does the re-authentication dialog`, async ({ browser, user }) => {
    const { context, page } = await open(browser, lang);
    await signIn(page, lang, user);
    for (const path of SIGNED_IN) {
      await page.goto(path);
      await expectAccessible(page, `${lang} ${path}`);
    }
    // a second device, so that there is another to sign out
    const other = await open(browser, lang);
    await signIn(other.page, lang, user);
    await page.goto("/account/devices");
    await page.getByRole("button", { name: t.account.devices.signOutOthers }).click();
    await expect(page.getByRole("dialog", { name: t.account.elevation.title })).toBeVisible();
    await expectAccessible(page, `${lang} re-authentication dialog`);
    await other.context.close();
    await context.close();
  });

  test(`the admin area passes WCAG 2.2 AA in ${lang}, before and after confirming`, async ({ browser, user }) => {
    const { context, page } = await open(browser, lang);
    await signIn(page, lang, ADMIN);
    await page.goto("/admin");
    await expectAccessible(page, `${lang} /admin`);
    await page.getByRole("button", { name: t.admin.confirmItsYou }).click();
    const dialog = page.getByRole("dialog", { name: t.account.elevation.title });
    await dialog.getByLabel(t.account.elevation.password).fill(ADMIN.password);
    await dialog.getByRole("button", { name: t.account.elevation.confirm }).click();
    await expect(dialog).toBeHidden();
    // a user found, with the controls on their sessions and account, and the 7-day dashboard
    await page.getByLabel(t.admin.searchLabel).fill(user.email);
    await page.getByRole("button", { name: t.admin.search, exact: true }).click();
    await expect(page.getByTestId("admin-user")).toContainText(user.email);
    await expectAccessible(page, `${lang} /admin, confirmed, a user found`);
    await page.getByRole("link", { name: t.admin.dashboard.ranges["7d"].label }).click();
    await expect(page.getByRole("heading", { name: t.admin.dashboard.heading(t.admin.dashboard.ranges["7d"].words) })).toBeVisible();
    await expectAccessible(page, `${lang} /admin, the 7-day dashboard`);
    await context.close();
  });
}
