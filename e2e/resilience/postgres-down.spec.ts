import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { messagesFor } from "../../lib/i18n";
import { expect, test } from "../support/fixtures";
import { expectAccessible, expectJapanese } from "../support/i18n";
import { AppInstance } from "../support/instances";
import { ALICE, sessionCookie, signIn, submitSignIn } from "../support/session";
import { TcpProxy } from "../support/tcp-proxy";

/**
 * PostgreSQL dies under a running instance (next start on 3218, reaching the database through a
 * proxy on 6433 that the test cuts): every kind of request gets a clear 503, nobody is signed out,
 * nothing is half-written, and the instance recovers by itself when the database is back.
 */
const proxy = new TcpProxy(6433, { host: "127.0.0.1", port: 5432 });
let app: AppInstance;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await proxy.up();
  const database = new URL(await freshDatabase(testDatabaseUrl("session_e2e_pgdown"), { demo: true }));
  database.port = String(proxy.port);
  app = new AppInstance(3218, { DATABASE_URL: database.toString(), REDIS_URL: "redis://127.0.0.1:6379/6", REDIS_KEY_PREFIX: "pgdown:" });
  await app.start();
});

test.afterAll(async () => {
  await app?.stop();
  await proxy.down();
});

test("PostgreSQL down: pages, forms and APIs say 503 clearly, nobody is signed out, and all recovers by itself (database outage)", async ({
  page,
  browser,
}) => {
  await signIn(page, ALICE, undefined, app.url);
  const cookie = (await sessionCookie(page.context())).value;
  await page.goto(`${app.url}/account/devices`);
  await expect(page.getByRole("heading", { name: "Devices" })).toBeVisible();

  await proxy.down();

  // the open page's session watcher polls on: an unavailable server does not sign anyone out
  const status = await fetch(`${app.url}/api/session/status`, { headers: { cookie: `sid=${cookie}` } });
  expect(status.status).toBe(503);
  expect(await status.json()).toMatchObject({ error: "service_unavailable" });
  await page.waitForTimeout(4_000); // more than one poll
  await expect(page).toHaveURL(`${app.url}/account/devices`);

  // a page: a 503 that says what happened, with the way back
  const response = await page.goto(`${app.url}/account/devices`);
  expect(response?.status()).toBe(503);
  expect(response?.headers()["retry-after"]).toBe("5");
  await expect(page.getByRole("heading", { name: "Temporarily unavailable" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("You are still signed in.");
  expect((await sessionCookie(page.context())).value).toBe(cookie);

  // the same page in Japanese, for a browser that asks for it
  const ja = messagesFor("ja").common.unavailable;
  const japanese = await browser.newContext({ locale: "ja-JP" });
  await japanese.addCookies(await page.context().cookies());
  const japanesePage = await japanese.newPage();
  expect((await japanesePage.goto(`${app.url}/account`))?.status()).toBe(503);
  await expect(japanesePage.locator("html")).toHaveAttribute("lang", "ja");
  await expect(japanesePage.getByRole("heading", { name: ja.title })).toBeVisible();
  await expect(japanesePage.getByRole("link", { name: ja.retry })).toBeVisible();
  await expectJapanese(japanesePage, "the 503 page");
  await expectAccessible(japanesePage, "the 503 page in Japanese");
  await japanese.close();

  // the app API: 503 JSON with Retry-After, never a 500
  const token = await fetch(`${app.url}/api/mobile/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: ALICE.email, password: ALICE.password, deviceName: "Pixel 9" }),
  });
  expect(token.status).toBe(503);
  expect(token.headers.get("retry-after")).toBe("5");
  expect(await token.json()).toEqual({ error: "service_unavailable", message: expect.stringContaining("try again in a few seconds") });

  // a form: the message next to it, the form kept
  const other = await browser.newContext();
  const signInPage = await other.newPage();
  await signInPage.goto(`${app.url}/login`);
  await submitSignIn(signInPage, ALICE.email, ALICE.password);
  await expect(signInPage.getByText("The service is briefly unavailable.")).toBeVisible();
  await expect(signInPage.getByLabel("Email")).toHaveValue(ALICE.email);
  await other.close();

  // health: 503, database down
  const health = await fetch(`${app.url}/api/health`);
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ db: "down" });

  // back: the same link takes the user where they were, still signed in with the same session
  await proxy.up();
  await expect.poll(async () => (await fetch(`${app.url}/api/health`)).status, { timeout: 30_000 }).toBe(200);
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page).toHaveURL(`${app.url}/account/devices`);
  await expect(page.getByRole("heading", { name: "Devices" })).toBeVisible();
  expect((await sessionCookie(page.context())).value).toBe(cookie);
});
