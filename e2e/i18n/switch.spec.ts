import type { Page } from "@playwright/test";
import { messagesFor } from "../../lib/i18n";
import { expect, test } from "../support/fixtures";
import { expectJapanese } from "../support/i18n";

/** The footer's language switch: the whole page follows, in every tab with a cookie, in this tab only without. */
const en = messagesFor("en");
const ja = messagesFor("ja");

async function decide(page: Page, button: "Accept all" | "Reject all") {
  const saved = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("region", { name: en.consent.bannerTitle }).getByRole("button", { name: button }).click();
  await saved;
  await expect(page.getByRole("region", { name: en.consent.bannerTitle })).toBeHidden();
}

const homeHeading = (page: Page, lang: "en" | "ja") => page.getByRole("heading", { level: 1, name: messagesFor(lang).common.home.title });

test("with functional consent the switch turns every open tab Japanese on its next render", async ({ page, context }) => {
  await page.goto("/");
  await decide(page, "Accept all");
  const other = await context.newPage();
  await other.goto("/cookies");
  await expect(other.getByRole("heading", { level: 1 })).toHaveText(en.consent.policyTitle);

  await page.getByRole("button", { name: "日本語" }).click();
  // the server's part of the page follows without a reload
  await expect(homeHeading(page, "ja")).toBeVisible();
  await expectJapanese(page, "/ after the switch");
  expect((await context.cookies()).find((c) => c.name === "lang")?.value).toBe("ja");

  // the other tab follows by itself, header and footer included, and so does its next page
  await expect(other.getByRole("heading", { level: 1 })).toHaveText(ja.consent.policyTitle);
  await expectJapanese(other, "/cookies in the other tab");
  await other.getByRole("link", { name: ja.common.siteName, exact: true }).click();
  await expect(homeHeading(other, "ja")).toBeVisible();
  await expectJapanese(other, "/ in the other tab");
});

test("without functional consent the choice lasts for the tab only, and the server renders that tab in it", async ({ page, context }) => {
  await page.goto("/");
  await decide(page, "Reject all");
  await page.getByRole("button", { name: "日本語" }).click();
  await expect(homeHeading(page, "ja")).toBeVisible();
  // a navigation in the tab renders on the server in the tab's language
  await page.getByRole("link", { name: ja.common.signIn }).click();
  await expect(page.getByRole("heading", { name: ja.auth.login.title })).toBeVisible();
  await expectJapanese(page, "/login in the tab");
  // a full load shows the tab's language again once the page has read the tab's choice
  await page.reload();
  await expect(page.getByRole("heading", { name: ja.auth.login.title })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");

  const other = await context.newPage();
  await other.goto("/");
  await expect(homeHeading(other, "en")).toBeVisible();
  await expect(other.locator("html")).toHaveAttribute("lang", "en");
  expect((await context.cookies()).map((c) => c.name)).toEqual(["consent"]);
});
