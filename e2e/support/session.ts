import {
  expect,
  request as playwrightRequest,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";

export const ALICE = { email: "alice@example.com", password: "alice-demo-password" };
export const BOB = { email: "bob@example.com", password: "bob-demo-password" };

export const COOKIE = "sid"; // served over plain http in tests; __Host-sid over TLS

/** Signs in through the real form, as a person would (on `origin` when given, else the project's server). */
export async function signIn(page: Page, user = ALICE, next?: string, origin = "") {
  await page.goto(`${origin}${next ? `/login?next=${encodeURIComponent(next)}` : "/login"}`);
  await submitSignIn(page, user.email, user.password);
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * Submits the sign-in form and waits for the server's answer, so the next step never races the
 * form reset React performs after an action.
 */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
}

export async function sessionCookie(context: BrowserContext, name = COOKIE) {
  const cookie = (await context.cookies()).find((c) => c.name === name);
  if (!cookie) throw new Error("no session cookie");
  return cookie;
}

/** An HTTP client that presents a stolen or crafted cookie value and follows no redirects. */
export async function clientWithCookie(baseURL: string, value: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: `${COOKIE}=${value}` }, maxRedirects: 0 });
}

/** What a holder of `value` gets from the status endpoint. */
export async function statusWith(baseURL: string, value: string) {
  const client = await clientWithCookie(baseURL, value);
  const response = await client.get("/api/session/status");
  const body = await response.json();
  await client.dispose();
  return body as { authenticated: boolean; reason?: string | null; lastSeenAt?: string; idleExpiresAt?: string };
}

export { sleep } from "../../test/support/wait";

export const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0";

/** Another device: a browser context of its own (optionally another browser), signed in through the form. */
export async function signInOnDevice(browser: Browser, user: { email: string; password: string }, options: { userAgent?: string } = {}) {
  const context = await browser.newContext({ userAgent: options.userAgent });
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

/** Answers the "Confirm it's you" dialog that a sensitive action opens. */
export async function confirmPassword(page: Page, password: string) {
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Password")).toBeFocused();
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
}

/** A thief: another browser (Firefox on Windows unless told) holding a copy of `page`'s session cookie. */
export async function stealSession(browser: Browser, page: Page, baseURL: string, userAgent = FIREFOX_WINDOWS) {
  const stolen = (await sessionCookie(page.context())).value;
  const context = await browser.newContext({ userAgent });
  await context.addCookies([{ name: COOKIE, value: stolen, url: baseURL }]);
  return { context, page: await context.newPage(), stolen };
}
