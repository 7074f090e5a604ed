import { request as playwrightRequest, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { TestSmtpServer, TestWebhookReceiver } from "../../test/support/mail-server";
import { expect, test } from "../support/fixtures";
import { AppInstance } from "../support/instances";
import { appSignIn, refresh } from "../support/mobile";
import { ALICE, BOB, sleep, submitSignIn } from "../support/session";

/**
 * Security emails and webhooks end to end: two instances (3251, 3252) on one database, each running
 * the outbox worker, a real SMTP server (smtp-server) and a webhook receiver (verifying with the
 * `standardwebhooks` package) in this test process. Links in the emails are followed in the browser.
 */
const PORTS = [3251, 3252] as const;
const SECRET = `whsec_${Buffer.alloc(32, 3).toString("base64")}`;
const NEW_PASSWORD = "violet kettle across the harbour";
let DATABASE_URL: string;
let smtp: TestSmtpServer;
let hooks: TestWebhookReceiver;
let apps: AppInstance[] = [];
const [A, B] = PORTS.map((p) => `http://127.0.0.1:${p}`) as [string, string];

test.describe.configure({ mode: "serial", timeout: 120_000 });

const instance = (port: number) =>
  new AppInstance(port, {
    DATABASE_URL,
    APP_URL: A,
    SMTP_URL: smtp.url,
    MAIL_FROM: "Session Lab <security@session-lab.test>",
    SECURITY_WEBHOOK_URL: hooks.url,
    SECURITY_WEBHOOK_SECRET: SECRET,
    OUTBOX_POLL_INTERVAL: "500ms",
    OUTBOX_LEASE: "6s",
  });

test.beforeAll(async () => {
  DATABASE_URL = await freshDatabase(testDatabaseUrl("session_e2e_notifications"), { demo: true });
  smtp = await new TestSmtpServer().start();
  hooks = await new TestWebhookReceiver(SECRET).start();
  apps = PORTS.map(instance);
  await Promise.all(apps.map((app) => app.start()));
});

test.afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await Promise.all([smtp?.close(), hooks?.close()]);
});

async function browserSignedIn(browser: Browser, user: { email: string; password: string }, origin = A) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/login`);
  await submitSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/account/);
  return { context, page };
}

const NEW_SIGN_IN = "New sign-in to your Session Lab account";

test("a sign-in from a browser new to the account sends exactly one email, and a repeat from it none (unnoticed account takeover)", async ({
  browser,
}) => {
  const first = await browserSignedIn(browser, ALICE);
  await smtp.waitFor(ALICE.email, 1, NEW_SIGN_IN);
  // a second browser, on the other instance
  const second = await browserSignedIn(browser, ALICE, B);
  const mails = await smtp.waitFor(ALICE.email, 2, NEW_SIGN_IN);
  expect(mails[1]!.text).toMatch(/Device: Chrome \d+ on Windows/);
  expect(mails[1]!.text).toMatch(/Network: 127\.0\.0\.0\/24/);
  // the same browser signs out and in again: nothing new
  await second.page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(second.page).toHaveURL(/\/login/);
  await submitSignIn(second.page, ALICE.email, ALICE.password);
  await expect(second.page).toHaveURL(/\/account/);
  await sleep(3_000);
  expect(smtp.to(ALICE.email).filter((m) => m.subject === NEW_SIGN_IN)).toHaveLength(2);
  await first.context.close();
  await second.context.close();
});

test("'This wasn't me' ends that sign-in without signing in, leads to a new password, and works once (stolen password)", async ({
  browser,
}) => {
  const mine = await browserSignedIn(browser, ALICE);
  await smtp.waitFor(ALICE.email, 3, NEW_SIGN_IN);
  const intruder = await browserSignedIn(browser, ALICE, B);
  const news = await smtp.waitFor(ALICE.email, 4, NEW_SIGN_IN);
  const link = news[3]!.links.find((l) => l.includes("/not-me?token="))!;
  expect(link.startsWith(`${A}/not-me?token=`)).toBe(true);

  // the owner opens the link in a browser that is not signed in
  const owner = await browser.newContext();
  const page = await owner.newPage();
  await page.goto(link);
  await page.getByRole("button", { name: "Sign out that sign-in" }).click();
  await expect(page).toHaveURL(/\/reset-password\?reported=1/);
  await expect(page.getByRole("main").getByRole("status")).toContainText("That sign-in is signed out");
  // the intruder's open page reaches sign-in by itself; the owner's other browser stays signed in
  await expect(intruder.page).toHaveURL(/\/login/, { timeout: 15_000 });
  await mine.page.reload();
  await expect(mine.page).toHaveURL(/\/account/);

  // a second click on the same link is refused
  const again = await owner.newPage();
  await again.goto(link);
  await expect(again.getByRole("main").getByRole("alert")).toHaveText("This link has already been used or has expired.");
  await expect(again.getByRole("button", { name: "Sign out that sign-in" })).toHaveCount(0);

  // the new password: every other session ends, this browser is signed in
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("New password, again").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/account\?reset=1/);
  await expect(page.getByTestId("password-reset-done")).toBeVisible();
  await expect(mine.page).toHaveURL(/\/login/, { timeout: 15_000 });
  const ended = await hooks.waitFor((d) => d.type === "session.revoked" && d.data.reason === "reported-by-user");
  expect(ended[0]!.verified).toBe(true);
  await smtp.waitFor(ALICE.email, 1, "Your Session Lab password was reset");
  for (const c of [mine.context, intruder.context, owner]) await c.close();
});

test("a password reset by email ends every other session and app, and its link is dead afterwards (stolen session outliving a reset)", async ({
  browser,
}) => {
  const other = await browserSignedIn(browser, BOB);
  const app = await playwrightRequest.newContext({ baseURL: B });
  const tokens = await appSignIn(app, BOB);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${A}/login`);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(BOB.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(`If ${BOB.email} has an account here, we have emailed it a link`);
  const [mail] = await smtp.waitFor(BOB.email, 1, "Reset your Session Lab password");
  const link = mail!.links.find((l) => l.includes("/reset-password?token="))!;

  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("New password, again").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/account\?reset=1/);
  await expect(page.getByTestId("account-email")).toHaveText(BOB.email);

  await expect(other.page).toHaveURL(/\/login/, { timeout: 15_000 });
  expect((await refresh(app, tokens.refreshToken)).status()).toBe(401);
  const dead = await context.newPage();
  await dead.goto(link);
  await expect(dead.getByRole("main").getByRole("alert")).toHaveText("This link has already been used or has expired.");
  const [reset] = await hooks.waitFor((d) => d.type === "user.password-reset");
  expect(reset!.verified).toBe(true);
  await app.dispose();
  await other.context.close();
  await context.close();
});

test("an unknown address gets the same answer as a known one, and no email (account enumeration)", async ({ page }) => {
  const ask = async (email: string) => {
    await page.goto(`${A}/forgot-password`);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a link" }).click();
    return (await page.getByRole("main").getByRole("status").textContent())!.replace(email, "<email>");
  };
  const known = await ask("admin@example.com");
  const unknown = await ask("nobody-here@example.com");
  expect(unknown).toBe(known);
  await smtp.waitFor("admin@example.com", 1, "Reset your Session Lab password");
  await sleep(2_000);
  expect(smtp.to("nobody-here@example.com")).toEqual([]);
});

test("an instance killed in the middle of sending leaves the email to the other, and it arrives once (lost or doubled messages)", async ({
  page,
}) => {
  smtp.holdReplies(20_000);
  await ask(page, "admin@example.com");
  await expect.poll(() => smtp.held, { timeout: 15_000 }).toBeGreaterThan(0);
  // the instance that holds the lease is the one sending: kill it before the server answers
  const sender = await leaseHolder();
  const victim = apps.find((app) => String(app.pid) === sender);
  expect(victim, `the lease names one of the instances (${sender})`).toBeDefined();
  await victim!.kill();
  smtp.holdReplies(0);
  const mails = await smtp.waitFor("admin@example.com", 2, "Reset your Session Lab password", 30_000);
  await sleep(2_000);
  expect(smtp.to("admin@example.com").filter((m) => m.subject === "Reset your Session Lab password")).toHaveLength(2);
  expect(mails[1]!.links.some((l) => l.includes("/reset-password?token="))).toBe(true);
  await victim!.start();
});

test("every email arrived once and every webhook verified under the receiver's secret", async () => {
  const ids = smtp.mails.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(hooks.deliveries.length).toBeGreaterThan(5);
  expect(hooks.deliveries.filter((d) => !d.verified)).toEqual([]);
  const hookIds = hooks.deliveries.map((d) => d.id);
  expect(new Set(hookIds).size).toBe(hookIds.length);
  expect(new Set(hooks.deliveries.map((d) => d.type))).toEqual(new Set(["session.created", "session.revoked", "user.password-reset"]));
  // ids, kinds, reasons and network prefixes: no token, no full address
  for (const d of hooks.deliveries) expect(d.body).not.toMatch(/127\.0\.0\.1|token/i);
});

async function ask(page: Page, email: string) {
  await page.goto(`${A}/forgot-password`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toBeVisible();
}

/** The process that holds the lease on the email being sent: `host:pid:random`. */
async function leaseHolder(): Promise<string> {
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ locked_by: string }>(
      "SELECT locked_by FROM outbox WHERE channel = 'email' AND sent_at IS NULL AND locked_until > now() ORDER BY created_at DESC LIMIT 1",
    );
    return rows[0]?.locked_by.split(":")[1] ?? "";
  } finally {
    await db.end();
  }
}
