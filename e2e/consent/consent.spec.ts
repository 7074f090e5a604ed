import type { BrowserContext, Page } from "@playwright/test";
import { CONSENT_REVISION, COOKIES } from "../../lib/consent/registry";
import { encodeConsentCookie } from "../../lib/consent/state";
import { expect, test } from "../support/fixtures";
import { signIn } from "../support/session";

/**
 * Cookie consent that really gates: nothing optional is set or loaded without consent, a withdrawal
 * deletes the category's cookies (HttpOnly ones too), Global Privacy Control wins, and the banner and
 * dialog work from the keyboard, in English and Japanese.
 */
const ESSENTIAL = new Set(COOKIES.filter((c) => c.category === "essential").map((c) => c.name));
const isOptionalRequest = (url: string) => /\/tags\/|\/api\/analytics\//.test(new URL(url).pathname);

function watchOptionalRequests(page: Page) {
  const seen: string[] = [];
  page.on("request", (r) => {
    if (isOptionalRequest(r.url())) seen.push(new URL(r.url()).pathname);
  });
  return seen;
}

/** The Google Consent Mode calls queued on window.dataLayer: [command, type, parameters]. */
const consentModeCalls = (page: Page) =>
  page.evaluate(() =>
    ((window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer ?? []).map(
      (args) => Array.from(args) as [string, string, Record<string, unknown>],
    ),
  );

const cookieNames = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name).sort();
const optionalCookies = async (context: BrowserContext) => (await cookieNames(context)).filter((n) => !ESSENTIAL.has(n));
const banner = (page: Page) => page.getByRole("region", { name: "Cookies on Session Lab" });
const preferences = (page: Page) => page.getByRole("dialog", { name: "Cookie preferences" });

async function decide(page: Page, button: "Accept all" | "Reject all") {
  const saved = page.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
  await banner(page).getByRole("button", { name: button }).click();
  await saved;
  await expect(banner(page)).toBeHidden();
}

async function savePreferences(page: Page, choices: Partial<Record<"Functional" | "Analytics" | "Marketing", boolean>>) {
  const dialog = preferences(page);
  await expect(dialog).toBeVisible();
  for (const [name, on] of Object.entries(choices)) await dialog.getByRole("switch", { name }).setChecked(on);
  await dialog.getByRole("button", { name: "Save choices" }).click();
  await expect(dialog).toBeHidden();
}

test("tracking before consent: a first visit sets no optional cookie and sends no analytics request", async ({ page, context }) => {
  const requests = watchOptionalRequests(page);
  for (const path of ["/", "/cookies", "/login", "/"]) {
    await page.goto(path);
    await expect(banner(page)).toBeVisible();
  }
  expect(requests).toEqual([]);
  expect(await optionalCookies(context)).toEqual([]);
  // the server refuses the tags and the collection endpoint themselves, not only the page
  expect((await page.request.get("/tags/analytics.js")).status()).toBe(403);
  expect((await page.request.get("/tags/marketing.js")).status()).toBe(403);
  const collect = await page.request.post("/api/analytics/collect", { data: { path: "/" } });
  expect(collect.status()).toBe(403);
  expect((await collect.json()).error).toBe("consent_required");
  // Google Consent Mode sees everything optional denied before any tag
  const calls = await consentModeCalls(page);
  expect(calls).toHaveLength(1);
  expect(calls[0]).toEqual(["consent", "default", expect.objectContaining({ analytics_storage: "denied", ad_storage: "denied" })]);
});

test("tracking after refusal: Reject all keeps analytics, marketing and preference cookies away across navigations", async ({
  page,
  context,
}) => {
  const requests = watchOptionalRequests(page);
  await page.goto("/");
  await decide(page, "Reject all");
  expect(await cookieNames(context)).toEqual(["consent"]);
  for (const path of ["/cookies", "/login", "/"]) {
    await page.goto(path);
    await expect(banner(page)).toHaveCount(0);
  }
  // a preference without functional consent lasts for the tab only: no cookie
  await page.getByRole("button", { name: "日本語" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  const otherTab = await context.newPage();
  await otherTab.goto("/");
  await expect(otherTab.locator("html")).toHaveAttribute("lang", "en");
  expect(requests).toEqual([]);
  expect(await cookieNames(context)).toEqual(["consent"]);
  await expect(page.getByRole("link", { name: "Cookie ポリシー" })).toBeVisible();
});

test("Accept all loads the analytics and marketing tags and their cookies appear (the analytics one HttpOnly)", async ({
  page,
  context,
}) => {
  await page.goto("/");
  const collected = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/analytics/collect");
  await decide(page, "Accept all");
  expect((await collected).status()).toBe(204);
  await expect.poll(() => optionalCookies(context)).toEqual(["sl_analytics", "sl_mkt"]);
  const analytics = (await context.cookies()).find((c) => c.name === "sl_analytics")!;
  expect(analytics.httpOnly).toBe(true);
  // a later page view counts, with the same visitor id
  const next = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/analytics/collect");
  await page.goto("/cookies");
  expect((await next).status()).toBe(204);
  expect((await context.cookies()).find((c) => c.name === "sl_analytics")!.value).toBe(analytics.value);
  const calls = await consentModeCalls(page);
  expect(calls.map(([, type]) => type)).toEqual(["default", "update"]);
  expect(calls[1]![2]).toMatchObject({ analytics_storage: "granted", ad_storage: "granted", ad_user_data: "granted" });
});

test("customizing only functional keeps the language across reloads while analytics stays off", async ({ page, context }) => {
  const requests = watchOptionalRequests(page);
  await page.goto("/");
  await banner(page).getByRole("button", { name: "Customize" }).click();
  await savePreferences(page, { Functional: true });
  await expect(banner(page)).toBeHidden();
  await page.getByRole("button", { name: "日本語" }).click();
  await expect.poll(async () => (await context.cookies()).find((c) => c.name === "lang")?.value).toBe("ja");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  // a new tab, same browser: the cookie carries it, rendered by the server
  const otherTab = await context.newPage();
  await otherTab.goto("/cookies");
  await expect(otherTab.locator("html")).toHaveAttribute("lang", "ja");
  await expect(otherTab.getByRole("heading", { name: "Cookie ポリシー" })).toBeVisible();
  expect(requests).toEqual([]);
  expect(await optionalCookies(context)).toEqual(["lang"]);
});

test("withdrawing consent deletes the category's cookies, HttpOnly ones included, and stops its script", async ({ page, context }) => {
  await page.goto("/");
  await decide(page, "Accept all");
  await expect.poll(() => optionalCookies(context)).toEqual(["sl_analytics", "sl_mkt"]);

  const requests = watchOptionalRequests(page);
  await page.getByRole("button", { name: "Cookie settings" }).click();
  const reloaded = page.waitForEvent("load");
  await savePreferences(page, { Marketing: false });
  await reloaded;
  await expect.poll(() => optionalCookies(context)).toEqual(["sl_analytics"]);
  expect(requests).not.toContain("/tags/marketing.js");
  expect(await page.evaluate(() => "demoMarketingTag" in window)).toBe(false);

  await page.getByRole("button", { name: "Cookie settings" }).click();
  await savePreferences(page, { Analytics: false });
  await expect.poll(() => optionalCookies(context)).toEqual([]);
});

test("a cookie policy revision bump asks again and drops the optional cookies consented under the old one", async ({
  page,
  context,
  baseURL,
}) => {
  const old = encodeConsentCookie({
    id: crypto.randomUUID(),
    revision: CONSENT_REVISION - 1,
    decidedAt: Date.now() - 86_400_000,
    choices: { functional: true, analytics: true, marketing: true },
    gpc: false,
  });
  await context.addCookies(
    [
      ["consent", old],
      ["sl_mkt", crypto.randomUUID()],
      ["lang", "ja"],
    ].map(([name, value]) => ({ name: name!, value: value!, url: baseURL! })),
  );
  const requests = watchOptionalRequests(page);
  await page.goto("/");
  await expect(banner(page)).toBeVisible();
  await expect(banner(page)).toContainText("Our cookie policy has changed since you last chose");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  expect(requests).toEqual([]);
  expect(await cookieNames(context)).toEqual(["consent"]);
});

test("Global Privacy Control: the banner says the signal was honoured, and Accept all loads no analytics or marketing", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { "Sec-GPC": "1" } });
  const page = await context.newPage();
  const requests = watchOptionalRequests(page);
  await page.goto("/");
  await expect(banner(page).getByTestId("gpc-notice")).toContainText("Global Privacy Control");
  await decide(page, "Accept all");
  await page.goto("/cookies");
  expect(requests).toEqual([]);
  expect(await optionalCookies(context)).toEqual([]);
  await page.getByRole("button", { name: "Cookie settings" }).first().click();
  await expect(preferences(page).getByRole("switch", { name: "Functional" })).toBeChecked();
  await expect(preferences(page).getByRole("switch", { name: "Analytics" })).toBeDisabled();
  await expect(preferences(page).getByRole("switch", { name: "Marketing" })).not.toBeChecked();
  await context.close();
});

test("Global Privacy Control from navigator.globalPrivacyControl alone is honoured too", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  const page = await context.newPage();
  const requests = watchOptionalRequests(page);
  await page.goto("/");
  await expect(banner(page).getByTestId("gpc-notice")).toBeVisible();
  await decide(page, "Accept all");
  await page.reload();
  expect(requests).toEqual([]);
  expect(await optionalCookies(context)).toEqual([]);
  await context.close();
});

test("keyboard only: the banner and the preferences dialog work without a mouse, and focus stays in the dialog", async ({
  page,
  context,
}) => {
  await page.goto("/");
  const customize = banner(page).getByRole("button", { name: "Customize" });
  for (let i = 0; i < 10 && !(await customize.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(customize).toBeFocused();
  await page.keyboard.press("Enter");
  const dialog = preferences(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("switch", { name: "Functional" })).toBeFocused();
  await expect(dialog.getByRole("switch", { name: "Essential" })).toBeDisabled();
  // Escape closes it and gives focus back to the control that opened it
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(customize).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("switch", { name: "Functional" })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(dialog.getByRole("switch", { name: "Functional" })).toBeChecked();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  const save = dialog.getByRole("button", { name: "Save choices" });
  for (let i = 0; i < 12 && !(await save.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(banner(page)).toHaveCount(0);
  await expect(page.getByTestId("consent-status")).toContainText("Your cookie choices were saved.");
  expect(await optionalCookies(context)).toEqual([]);
  expect(await cookieNames(context)).toEqual(["consent"]);
});

test("the banner and preferences speak Japanese to a Japanese browser", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "ja-JP" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  const japanese = page.getByRole("region", { name: "Session Lab の Cookie について" });
  await expect(japanese.getByRole("button", { name: "すべて許可" })).toBeVisible();
  await expect(japanese.getByRole("button", { name: "すべて拒否" })).toBeVisible();
  await japanese.getByRole("button", { name: "カスタマイズ" }).click();
  const dialog = page.getByRole("dialog", { name: "Cookie の設定" });
  await expect(dialog.getByRole("switch", { name: "機能" })).toBeFocused();
  await dialog.getByRole("button", { name: "選択を保存" }).click();
  await expect(dialog).toBeHidden();
  await expect(japanese).toHaveCount(0);
  await context.close();
});

test("a malformed consent cookie means no consent: the banner asks again, never a 500", async ({ page, context, baseURL }) => {
  for (const value of ["garbage", "v1.%%%", `v1.${"A".repeat(3000)}`, "v1.eyJpZCI6MX0"]) {
    await context.clearCookies();
    await context.addCookies([
      { name: "consent", value, url: baseURL! },
      { name: "sl_mkt", value: "left-over", url: baseURL! },
    ]);
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(banner(page)).toBeVisible();
    expect(await optionalCookies(context)).toEqual([]);
  }
});

test("the collection endpoint refuses malformed and oversized bodies with 400, even with consent", async ({ page }) => {
  await page.goto("/");
  await decide(page, "Accept all");
  const post = (data: string, contentType = "application/json") =>
    page.request.post("/api/analytics/collect", { data, headers: { "content-type": contentType } });
  for (const bad of ["{nope", "null", JSON.stringify({ path: "no-slash" }), JSON.stringify({ path: "/" + "x".repeat(5000) })]) {
    const response = await post(bad);
    expect(response.status()).toBe(400);
    expect((await response.json()).error).toBe("invalid_request");
  }
  expect((await post("path=/", "application/x-www-form-urlencoded")).status()).toBe(400);
  expect((await post(JSON.stringify({ path: "/ok", referrer: "https://example.org/x" }))).status()).toBe(204);
});

test("a signed-in user's choices follow them to a new browser", async ({ browser, baseURL, user }) => {
  const first = await browser.newContext({ baseURL });
  const page = await first.newPage();
  await page.goto("/");
  await banner(page).getByRole("button", { name: "Customize" }).click();
  await savePreferences(page, { Functional: true, Analytics: false, Marketing: false });
  await signIn(page, user);
  await first.close();

  const second = await browser.newContext({ baseURL });
  const fresh = await second.newPage();
  await fresh.goto("/login");
  await expect(banner(fresh)).toBeVisible();
  await signIn(fresh, user);
  await expect(banner(fresh)).toHaveCount(0);
  await fresh.goto("/cookies");
  await expect(fresh.getByTestId("current-choices")).toContainText("Functional: ✓");
  await expect(fresh.getByTestId("current-choices")).toContainText("Analytics: ✗");
  await second.close();
});

test("on a shared browser, choices copied from an account leave with its sign-out, and the next person is asked (inherited consent)", async ({
  browser,
  baseURL,
  user,
}) => {
  const own = await browser.newContext({ baseURL });
  const page = await own.newPage();
  await page.goto("/");
  await banner(page).getByRole("button", { name: "Accept all" }).click();
  await signIn(page, user);
  await own.close();

  const shared = await browser.newContext({ baseURL });
  const kiosk = await shared.newPage();
  await signIn(kiosk, user);
  await kiosk.goto("/");
  // the account's "Accept all" applies here while signed in: the analytics cookie is set
  await expect.poll(() => optionalCookies(shared)).toContain("sl_analytics");
  await kiosk.getByRole("button", { name: "Sign out" }).click();
  await expect(kiosk).toHaveURL(/\/login\?reason=signed-out/);
  // the next person at this browser decides for themselves, and nothing optional runs meanwhile
  await expect(banner(kiosk)).toBeVisible();
  expect(await optionalCookies(shared)).toEqual([]);
  expect(await cookieNames(shared)).not.toContain("consent");
  await shared.close();
});

test("a browser's own choice made before signing in stays after sign-out (only inherited choices leave)", async ({
  page,
  context,
  user,
}) => {
  await page.goto("/");
  await banner(page).getByRole("button", { name: "Reject all" }).click();
  await signIn(page, user);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?reason=signed-out/);
  await expect(banner(page)).toHaveCount(0);
  expect(await cookieNames(context)).toContain("consent");
});

// The guard in support/fixtures.ts must itself be able to fail: a cookie the registry does not list
test.fail("the registry guard fails a test in which an unregistered cookie is set", async ({ page }) => {
  await page.goto("/");
  await page.evaluate(() => (document.cookie = "tracking_pixel=1; Path=/"));
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the banner's choices work as plain form posts, and the server still gates the tags", async ({ page, context }) => {
    await page.goto("/cookies");
    await expect(banner(page)).toBeVisible();
    await banner(page).getByRole("button", { name: "Reject all" }).click();
    await expect(banner(page)).toHaveCount(0);
    expect(await cookieNames(context)).toEqual(["consent"]);
    await page.goto("/");
    expect(await page.locator("script[data-category]").count()).toBe(0);
  });
});
