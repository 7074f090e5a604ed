import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { confirmPassword, signIn, submitSignIn } from "./support/session";

const ADMIN = { email: "admin@example.com", password: "admin-demo-password" };
const HOUR = 3_600_000;

/** Signs in as the admin on /admin and confirms the password; returns what the page logged about its CSP. */
async function openDashboard(page: Page, path = "/admin") {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await signIn(page, ADMIN, path);
  // nothing of the figures before the password is confirmed (elevation)
  await expect(page.getByTestId("admin-dashboard")).toHaveCount(0);
  await page.getByRole("button", { name: "Confirm it's you" }).click();
  await confirmPassword(page, ADMIN.password);
  await expect(page.getByTestId("admin-dashboard")).toBeVisible();
  return violations;
}

/**
 * A series of a chart's table, summed over the buckets that start at or after `since`. Other tests
 * sign in on the same server meanwhile, so callers compare before and after with >=; counting from
 * the hour the test began keeps the oldest hour dropping out of the range from lowering the sum.
 */
function tableSum(page: Page, chart: string, series: string, since: number) {
  return page
    .getByTestId("admin-dashboard")
    .locator(`table[data-chart="${chart}"] tbody tr`)
    .evaluateAll(
      (rows, [key, from]) =>
        rows
          .filter((row) => Date.parse((row as HTMLElement).dataset.start!) >= Number(from))
          .reduce((n, row) => n + Number(row.querySelector(`td[data-series="${key}"]`)!.textContent), 0),
      [series, since] as const,
    );
}

test.describe("admin dashboard", () => {
  test("a failed sign-in and a sign-in elsewhere show up in the 24-hour charts and in their tables", async ({ page, browser, user }) => {
    const violations = await openDashboard(page);
    const since = Math.floor(Date.now() / HOUR) * HOUR;
    const failedBefore = await tableSum(page, "failed", "failedSignIns", since);
    const browserBefore = await tableSum(page, "sign-ins", "browserSignIns", since);

    // another browser: a wrong password, then the right one
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto("/login");
    await submitSignIn(otherPage, user.email, "not the password");
    await expect(otherPage.locator("form").getByRole("alert")).toHaveText("Invalid email or password.");
    await submitSignIn(otherPage, user.email, user.password);
    await expect(otherPage).toHaveURL(/\/account/);
    await other.close();

    // the failure is audited after its response: reload until it is counted
    await expect
      .poll(async () => {
        await page.reload();
        return tableSum(page, "failed", "failedSignIns", since);
      })
      .toBeGreaterThanOrEqual(failedBefore + 1);
    expect(await tableSum(page, "sign-ins", "browserSignIns", since)).toBeGreaterThanOrEqual(browserBefore + 1);

    // the charts are drawn, as images named by what they show
    const signIns = page.getByRole("img", { name: /^Sign-ins per hour, last 24 hours \(UTC\)\. \d+ in total: \d+ browser, \d+ app\.$/ });
    await expect(signIns).toBeVisible();
    expect(await signIns.evaluate((e) => e.tagName.toLowerCase())).toBe("svg");
    await expect(signIns.locator(".recharts-bar-rectangle").first()).toBeAttached();
    await expect(page.getByRole("img", { name: /^Failed and throttled sign-ins per hour/ })).toBeVisible();

    // the same numbers as a table, behind "Show as table"
    const table = page.locator('table[data-chart="failed"]');
    await expect(table).toBeHidden();
    await page.getByText("Show as table: Failed and throttled sign-ins").click();
    await expect(table).toBeVisible();
    await expect(table.getByRole("columnheader", { name: "Failed" })).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(24);
    const failedNow = await tableSum(page, "failed", "failedSignIns", since);
    expect(failedNow).toBeGreaterThanOrEqual(failedBefore + 1);
    // the total row adds up what the rows say
    const total = Number(await table.locator("tfoot td").first().textContent());
    expect(total).toBeGreaterThanOrEqual(failedNow);

    expect(violations).toEqual([]);
  });

  test("switching to 7 days works by keyboard, and the dashboard fetches nothing from another site", async ({ page, baseURL }) => {
    const elsewhere: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (!["data:", "blob:"].includes(url.protocol) && url.origin !== new URL(baseURL!).origin) elsewhere.push(r.url());
    });
    const today = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR;
    await openDashboard(page);
    const day = page.getByRole("link", { name: "Last 24 hours" });
    const week = page.getByRole("link", { name: "Last 7 days" });
    await expect(day).toHaveAttribute("aria-current", "true");
    await expect(week).not.toHaveAttribute("aria-current");

    await day.focus();
    await page.keyboard.press("Tab");
    await expect(week).toBeFocused();
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/admin\?range=7d$/);
    await expect(page.getByRole("heading", { name: "Activity, last 7 days" })).toBeVisible();
    await expect(week).toHaveAttribute("aria-current", "true");
    await expect(page.getByRole("img", { name: /^Sign-ins per day, last 7 days \(UTC\)/ })).toBeVisible();
    await expect(page.locator('table[data-chart="sign-ins"] tbody tr')).toHaveCount(7);
    // this test's own sign-in is in today's bar
    expect(await tableSum(page, "sign-ins", "browserSignIns", today)).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId("active-browser")).not.toHaveText("0");

    expect(elsewhere).toEqual([]);
  });
});
