import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Response } from "@playwright/test";
import { appSignInFrom, fromAddress } from "../support/https-client";
import { startExpectingRefusal } from "../support/instances";

import { freshDatabase, testDatabaseUrl } from "../../test/support/databases";
import { expect, test } from "../support/fixtures";
import { unsealData } from "iron-session";
import { PRODUCTION, TEST_METRICS_TOKEN, TEST_SESSION_SECRET } from "../support/servers";
import { confirmPassword, FIREFOX_WINDOWS, sessionCookie, signIn, signInOnDevice } from "../support/session";
import { testCertificate } from "../support/tls";

/**
 * The production shape, proven in the browser: TLS from nginx (deploy/nginx), two app instances
 * balanced round-robin, TRUST_PROXY_HOPS=1, PostgreSQL and Redis, no demo mode.
 */
const COOKIE = "__Host-sid";
const run = promisify(execFile);
const base = PRODUCTION.url;

test.describe("production shape: TLS behind nginx", () => {
  test("the session cookie is __Host-sid with Secure, and every response carries HSTS (cookie over plain HTTP)", async ({
    page,
    context,
    user,
  }) => {
    const responses: Response[] = [];
    page.on("response", (r) => responses.push(r));
    await signIn(page, user);
    await page.goto("/account/devices");
    await page.goto("/no-such-page");
    const cookie = await sessionCookie(context, COOKIE);
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
    expect((await context.cookies()).map((c) => c.name)).not.toContain("sid");

    // pages, redirects, server actions, scripts and styles, the 404 page
    const kinds = new Set(responses.map((r) => r.request().resourceType()));
    expect([...kinds]).toEqual(expect.arrayContaining(["document", "script", "fetch"]));
    expect(responses.some((r) => r.status() === 404)).toBe(true);
    for (const r of responses)
      expect(await r.headerValue("strict-transport-security"), r.url()).toBe("max-age=63072000; includeSubDomains");
  });

  test("no demo account exists or is shown outside demo mode (known admin password in production)", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Sessions you can trust" })).toBeVisible();
    await expect(page.getByText("admin-demo-password")).toHaveCount(0);
    await expect(page.getByText(/demo account/i)).toHaveCount(0);
    await page.goto("/login");
    await page.getByLabel("Email").fill("admin@example.com");
    await page.getByLabel("Password").fill("admin-demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid email or password.");
    // nor the demo mailbox, which would show anyone the links of other people's emails
    expect((await page.goto("/demo/mailbox"))!.status()).toBe(404);
  });

  test("throttles by the address nginx saw, whatever X-Forwarded-For the client writes, and never the owner elsewhere (address spoofing)", async ({
    user,
  }) => {
    const wrong = { email: user.email, password: "not-the-password" };
    const statuses: number[] = [];
    for (let i = 1; i <= 7; i++) statuses.push((await appSignInFrom("127.1.0.5", base, wrong, `198.51.100.${i}, 203.0.113.${i}`)).status);
    // five wrong passwords from one client, then it waits: a new claimed address each time bought nothing
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // claiming the owner's address does not help either
    expect((await appSignInFrom("127.1.0.5", base, user, "127.2.0.6")).status).toBe(429);
    // the owner, from another network, signs in at once
    expect((await appSignInFrom("127.2.0.6", base, user)).status).toBe(200);
  });

  test("binds a session to the network nginx saw, whatever X-Forwarded-For claims (binding bypass)", async ({ page, context, user }) => {
    await signIn(page, user);
    const cookie = `${COOKIE}=${(await sessionCookie(context, COOKIE)).value}`;
    const userAgent = await page.evaluate(() => navigator.userAgent);
    const visit = (from: string, claim: string) =>
      fromAddress(from, `${base}/account`, { headers: { cookie, "user-agent": userAgent, "x-forwarded-for": claim } });
    // from the session's own network, a claimed foreign address changes nothing
    expect((await visit("127.0.0.7", "198.51.100.77")).status).toBe(200);
    // from another network, claiming the session's own address does not pass: the password is asked for
    const elsewhere = await visit("127.3.0.9", "127.0.0.1");
    expect(elsewhere.status).toBe(307);
    expect(String(elsewhere.headers.location)).toMatch(/^\/verify\?/);
    await page.goto("/account/activity");
    await expect(page.getByTestId("activity-list")).toContainText("127.3.0.x");
  });

  test("sign-in, rotation, revocation and sign-out hold across two instances behind round-robin (multi-instance)", async ({
    page,
    context,
    browser,
    user,
  }) => {
    const validations = async () => {
      const counts: number[] = [];
      for (const port of PRODUCTION.instances) {
        const text = await (
          await fetch(`http://127.0.0.1:${port}/api/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })
        ).text();
        counts.push(
          [...text.matchAll(/^session_validations_total\{kind="browser",result="ok"\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0),
        );
      }
      return counts;
    };
    const before = await validations();
    // the token inside the seal (the seal itself changes at every re-seal of the activity time)
    const token = async () =>
      (await unsealData<{ token: string }>((await sessionCookie(context, COOKIE)).value, { password: TEST_SESSION_SECRET })).token;
    await signIn(page, user);
    const first = await token();
    for (let i = 0; i < 4; i++) await page.goto("/account");
    // rotation (every 4 s here), made by whichever instance the request reached, holds on the other
    await page.waitForTimeout(4_500);
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(user.email);
    expect(await token(), "the token was rotated").not.toBe(first);
    for (let i = 0; i < 4; i++) {
      await page.goto("/account");
      await expect(page.getByTestId("account-email")).toHaveText(user.email);
    }
    const after = await validations();
    expect(after[0]! - before[0]!, "instance 1 served the session").toBeGreaterThan(0);
    expect(after[1]! - before[1]!, "instance 2 served the session").toBeGreaterThan(0);

    // a device ended on one instance is refused on every instance at once
    const other = await signInOnDevice(browser, user, { userAgent: FIREFOX_WINDOWS });
    await page.goto("/account/devices");
    await page.getByRole("button", { name: "Sign out Firefox 130 on Windows" }).click();
    await confirmPassword(page, user.password);
    await expect(page.getByTestId("device")).toHaveCount(1);
    for (let i = 0; i < 2; i++) {
      await other.page.goto("/account").catch(() => {});
      await expect(other.page).toHaveURL(/\/login/);
    }
    await other.context.close();

    // sign-out: the cookie is gone and a copy replayed through either instance is refused
    const copy = `${COOKIE}=${(await sessionCookie(context, COOKIE)).value}`;
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login\?reason=signed-out/);
    expect((await context.cookies()).map((c) => c.name)).not.toContain(COOKIE);
    for (let i = 0; i < 4; i++) {
      const replay = await fromAddress("127.0.0.1", `${base}/account`, { headers: { cookie: copy } });
      expect([303, 307]).toContain(replay.status);
      expect(String(replay.headers.location)).toMatch(/^\/(login|session\/end)\?/);
    }
  });

  test("the black-box session audit passes with no check skipped (audit of the deployment)", async ({ user }) => {
    test.setTimeout(180_000);
    const { stdout } = await run(
      "node_modules/.bin/tsx",
      [
        "lib/cli/audit-session.ts",
        ...["--url", base, "--email", user.email, "--password", user.password],
        ...["--idle-seconds", String(PRODUCTION.idleSeconds), "--absolute-seconds", String(PRODUCTION.absoluteSeconds)],
      ],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: testCertificate().ca } },
    ).catch((error: { stdout?: string; message: string }) => {
      throw new Error(`audit failed:\n${error.stdout ?? error.message}`);
    });
    console.log(stdout);
    expect(stdout).toMatch(/\b23 passed, 0 failed, 0 skipped/);
    expect(stdout).toMatch(/TRN-04\s+PASS/);
    expect(stdout).toMatch(/TRN-11\s+PASS/);
  });
});

test.describe("production shape: start-up refuses what would be unsafe", () => {
  test("a server finding a demo account in its database outside demo mode does not start, and says how to remove it (known admin password in production)", async () => {
    const database = await freshDatabase(testDatabaseUrl("session_e2e_demo_refusal"), { demo: true });
    const refused = await startExpectingRefusal([process.execPath, "dist/server.js", "--port", "3224", "--hostname", "127.0.0.1"], {
      DATABASE_URL: database,
      DEMO_MODE: "",
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("admin@example.com");
    expect(refused.stderr).toContain("npm run db:remove-demo");
  });

  test("`next start` alone is refused: only the front server knows the client's address (address spoofing)", async () => {
    const database = await freshDatabase(testDatabaseUrl("session_e2e_next_start"));
    const refused = await startExpectingRefusal(["node_modules/.bin/next", "start", "-p", "3225", "-H", "127.0.0.1"], {
      DATABASE_URL: database,
      DEMO_MODE: "",
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("npm start");
  });
});
