import type { Server } from "node:http";
import { encode as encodeAuthjs } from "@auth/core/jwt";
import { expect, request, test, type BrowserContext, type Page } from "@playwright/test";
import { RedisStore } from "connect-redis";
import express from "express";
import session from "express-session";
import { sealData } from "iron-session";
import { createClient } from "redis";
import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { AppInstance } from "../support/instances";
import { ALICE, COOKIE } from "../support/session";

/**
 * Moving in from another system without signing anyone out (README "Migrating to Session Lab"):
 * browsers holding a real Auth.js cookie (made by @auth/core), a real express-session cookie (set by
 * an express app of this test's own, with connect-redis on the Redis the app is told about) and a
 * real iron-session cookie each land signed in on /account with our cookie and without theirs.
 * Two instances on one database: one adopting everyone, one with MIGRATE_FROM_PERCENT=0.
 *
 * The shared `test` fixture is not used here: it fails a test on any cookie outside the app's
 * registry, and these tests plant the other systems' cookies themselves.
 */
const AUTH_SECRET = "e2e-authjs-secret-0123456789abcdefghijkl";
const EXPRESS_SECRET = "e2e-express-session-secret-0123456789";
const IRON_PASSWORD = "e2e-iron-session-password-0123456789abcdefgh";
const IRON_COOKIE = "legacy-session";
const REDIS_URL = "redis://127.0.0.1:6379/12";
const PORTS = { all: 3231, none: 3232, express: 3235 };
const HOST = "127.0.0.1";

let database: string;
const instances: AppInstance[] = [];
let expressServer: Server;
let redis: ReturnType<typeof createClient>;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  database = await freshDatabase(testDatabaseUrl("session_e2e_adoption"), { demo: true });
  const env = {
    DATABASE_URL: database,
    MIGRATE_FROM_AUTHJS_SECRET: AUTH_SECRET,
    MIGRATE_FROM_EXPRESS_SESSION_SECRET: EXPRESS_SECRET,
    MIGRATE_FROM_EXPRESS_SESSION_REDIS_URL: REDIS_URL,
    MIGRATE_FROM_IRON_PASSWORD: IRON_PASSWORD,
    MIGRATE_FROM_IRON_COOKIE: IRON_COOKIE,
    // parallel requests carrying the foreign cookie get the same session for this long after its adoption
    SESSION_ROTATION_GRACE: "2s",
  };
  instances.push(new AppInstance(PORTS.all, env), new AppInstance(PORTS.none, { ...env, MIGRATE_FROM_PERCENT: "0" }));
  await Promise.all(instances.map((i) => i.start()));

  // the system being replaced: express-session with connect-redis, and passport's place for the user
  redis = createClient({ url: REDIS_URL });
  await redis.connect();
  await redis.flushDb();
  const app = express();
  app.use(session({ store: new RedisStore({ client: redis }), secret: EXPRESS_SECRET, resave: false, saveUninitialized: false }));
  app.get("/sign-in", (req, res) => {
    (req.session as unknown as { passport: { user: string } }).passport = { user: String(req.query.email) };
    req.session.save(() => res.send("signed in"));
  });
  app.get("/me", (req, res) => void res.json({ user: (req.session as unknown as { passport?: { user: string } }).passport?.user ?? null }));
  await new Promise<void>((resolve) => (expressServer = app.listen(PORTS.express, HOST, () => resolve())));
});

test.afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await new Promise((resolve) => expressServer?.close(resolve));
  await redis?.quit();
});

const at = (port: number, path: string) => `http://${HOST}:${port}${path}`;
const names = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name);
const authjsCookie = (email: string, salt = "authjs.session-token") =>
  encodeAuthjs({ token: { email, name: "Alice", sub: "authjs-user-alice" }, secret: AUTH_SECRET, salt });
const plant = (context: BrowserContext, name: string, value: string) =>
  context.addCookies([{ name, value, domain: HOST, path: "/", httpOnly: true, sameSite: "Lax" }]);

async function expectSignedInOurs(page: Page, context: BrowserContext, foreign: string) {
  await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  const jar = await names(context);
  expect(jar).toContain(COOKIE);
  expect(jar).not.toContain(foreign);
}

test("a browser with an Auth.js session lands signed in, with our cookie instead of theirs; the old cookie replayed is refused and ends the session it became (foreign cookie reuse)", async ({
  browser,
}) => {
  const value = await authjsCookie(ALICE.email);
  const context = await browser.newContext();
  await plant(context, "authjs.session-token", value);
  const page = await context.newPage();
  await page.goto(at(PORTS.all, "/account"));
  await expectSignedInOurs(page, context, "authjs.session-token");
  await page.goto(at(PORTS.all, "/account/activity"));
  await expect(page.getByText("Carried over from your sign-in with Auth.js")).toBeVisible();

  // a copy of the Auth.js cookie, taken before the move, is worth nothing after it (once the grace
  // window for the browser's own parallel requests has passed)
  await page.waitForTimeout(2_200);
  const thief = await browser.newContext();
  await plant(thief, "authjs.session-token", value);
  const thiefPage = await thief.newPage();
  await thiefPage.goto(at(PORTS.all, "/account"));
  await expect(thiefPage).toHaveURL(/\/login/);
  expect(await names(thief)).not.toContain(COOKIE);
  // and, as with a stolen token of ours, the session it became ends: whoever holds it may not be the owner
  // the tab's own status poll may already be taking it to sign-in, which aborts this navigation
  await page.goto(at(PORTS.all, "/account")).catch(() => {});
  await expect(page).toHaveURL(/\/login\?.*reason=revoked/);
  await Promise.all([context.close(), thief.close()]);
});

test("an Auth.js cookie chunked in two under NextAuth v4's name is joined again and adopted", async ({ browser }) => {
  const context = await browser.newContext();
  const long = await authjsCookie(ALICE.email, "next-auth.session-token");
  await plant(context, "next-auth.session-token.0", long.slice(0, 200));
  await plant(context, "next-auth.session-token.1", long.slice(200));
  const page = await context.newPage();
  await page.goto(at(PORTS.all, "/account"));
  await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  expect((await names(context)).filter((n) => n.startsWith("next-auth"))).toEqual([]);
  await context.close();
});

test("a browser signed in to the express-session app lands signed in here, and its session is gone from the old app's Redis", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(at(PORTS.express, `/sign-in?email=${encodeURIComponent(ALICE.email)}`));
  const old = (await context.cookies()).find((c) => c.name === "connect.sid")!;
  expect(old).toBeTruthy();
  await page.goto(at(PORTS.all, "/account"));
  await expectSignedInOurs(page, context, "connect.sid");

  // the old cookie, replayed to either app once the grace window for the browser's own parallel
  // requests has passed, no longer signs anyone in, and the session it became ends as stolen
  await page.waitForTimeout(2_200);
  const replay = await request.newContext({ extraHTTPHeaders: { cookie: `connect.sid=${old.value}` }, maxRedirects: 0 });
  expect(await (await replay.get(at(PORTS.express, "/me"))).json()).toEqual({ user: null });
  const refused = await replay.get(at(PORTS.all, "/account"));
  expect(refused.status()).toBe(303);
  expect(refused.headers().location).toMatch(/\/login/);
  await replay.dispose();
  // the tab's own status poll may already be taking it to sign-in, which aborts this navigation
  await page.goto(at(PORTS.all, "/account")).catch(() => {});
  await expect(page).toHaveURL(/\/login\?.*reason=revoked/);
  await context.close();
});

test("a browser with an iron-session cookie lands signed in, and a replay of that cookie is refused", async ({ browser }) => {
  const seal = await sealData({ user: { id: 7, email: ALICE.email } }, { password: IRON_PASSWORD });
  const context = await browser.newContext();
  await plant(context, IRON_COOKIE, seal);
  const page = await context.newPage();
  await page.goto(at(PORTS.all, "/account"));
  await expectSignedInOurs(page, context, IRON_COOKIE);

  await page.waitForTimeout(2_200); // past the grace window for the browser's own parallel requests
  const replay = await request.newContext({ extraHTTPHeaders: { cookie: `${IRON_COOKIE}=${seal}` }, maxRedirects: 0 });
  expect((await replay.get(at(PORTS.all, "/account"))).status()).toBe(303);
  await replay.dispose();
  await context.close();
});

test("at 0% nobody is adopted: the user stays signed in from the foreign session, read-only, and signing out ends it", async ({
  browser,
}) => {
  const context = await browser.newContext();
  await plant(context, "authjs.session-token", await authjsCookie(ALICE.email));
  const page = await context.newPage();
  await page.goto(at(PORTS.none, "/account"));
  await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
  await expect(page.getByTestId("foreign-session")).toContainText("sign in again");
  expect(await names(context)).toContain("authjs.session-token");
  expect(await names(context)).not.toContain(COOKIE);
  // the tab's status poll agrees, so no idle watcher signs the user out
  expect(await (await page.request.get(at(PORTS.none, "/api/session/status"))).json()).toMatchObject({ authenticated: true });

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
  expect(await names(context)).not.toContain("authjs.session-token");
  await page.goto(at(PORTS.none, "/account"));
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});

test("a foreign session of a user this app does not know is signed out cleanly, its cookie cleared", async ({ browser }) => {
  const context = await browser.newContext();
  await plant(context, "authjs.session-token", await authjsCookie("someone-else@example.org"));
  const page = await context.newPage();
  const response = await page.goto(at(PORTS.all, "/account"));
  expect(response!.status()).toBe(200);
  await expect(page).toHaveURL(/\/login/);
  expect(await names(context)).not.toContain("authjs.session-token");
  await context.close();
});

test("tampered, truncated or oversized foreign cookies never give a 500", async () => {
  const authjs = await authjsCookie(ALICE.email);
  const seal = await sealData({ user: ALICE.email }, { password: IRON_PASSWORD });
  const values = [
    `authjs.session-token=${authjs.slice(0, -3)}xyz`,
    `authjs.session-token=${authjs.slice(0, 40)}`,
    `authjs.session-token.0=${"A".repeat(3_900)}`,
    "connect.sid=s%3Anot-a-session.forged-signature",
    "connect.sid=%ff%fe",
    `${IRON_COOKIE}=${seal.replace(/\*[^*]+~2$/, "*AAAA~2")}`,
    `${IRON_COOKIE}=Fe26.2**x`,
  ];
  for (const cookie of values) {
    const client = await request.newContext({ extraHTTPHeaders: { cookie }, maxRedirects: 0 });
    for (const path of ["/", "/account", "/api/session/status"]) {
      const response = await client.get(at(PORTS.all, path));
      expect(response.status(), `${path} with ${cookie.slice(0, 40)}`).toBeLessThan(500);
    }
    await client.dispose();
  }
});
