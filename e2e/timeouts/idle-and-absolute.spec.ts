import pg from "pg";
import { expect, test } from "../support/fixtures";
import { SERVERS } from "../support/servers";
import { ALICE, signIn, sleep } from "../support/session";

// This server runs with idle 5 s, absolute 14 s, renewal 3 s, grace 2 s (e2e/support/servers.ts).
test.describe("timeouts", () => {
  test("ends a session left idle past the idle timeout: the open page goes to sign-in by itself (unattended browser)", async ({ page }) => {
    await signIn(page, ALICE);
    // nobody touches the page: after the idle timeout it leaves for sign-in on its own, saying why
    await expect(page).toHaveURL(/\/login\?next=%2Faccount&reason=idle/, { timeout: 10_000 });
    await expect(page.getByRole("status")).toHaveText("You were signed out after 5s without activity.");
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);
  });

  test("status polling does not count as activity, so a polling tab cannot keep a session alive", async ({ page }) => {
    await signIn(page, ALICE);
    await page.goto("about:blank"); // only this test polls from here on
    const answers: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      const status = await page.request.get("/api/session/status");
      expect(status.status()).toBe(200);
      answers.push(await status.json());
      await sleep(1_000);
    }
    // one poll is told why the session ended (and its cookie is cleared); none after it is signed in
    expect(answers).toContainEqual(expect.objectContaining({ authenticated: false, reason: "idle" }));
    expect(answers.at(-1)).toMatchObject({ authenticated: false });
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount/);
    await expect(page.getByTestId("account-email")).toHaveCount(0);
  });

  test("keeps an active user signed in past the idle timeout, and ends the session at the absolute limit anyway", async ({ page }) => {
    await signIn(page, ALICE);
    const started = Date.now();
    // active every 1.5 s: well inside the 5 s idle window, across several rotations
    while (Date.now() - started < 12_000) {
      await page.goto("/account");
      await expect(page.getByTestId("account-email")).toHaveText(ALICE.email);
      await sleep(1_500);
    }
    // at 14 s the open page leaves for sign-in by itself, however active it was
    await expect(page).toHaveURL(/reason=absolute/, { timeout: 5_000 });
    expect(Date.now() - started).toBeGreaterThan(13_000);
    await expect(page.getByRole("status")).toContainText("limit");
  });

  test("ends idle sessions in the store with their audit event, whether or not the browser comes back (abandoned session)", async ({
    browser,
    user,
  }) => {
    const returning = await browser.newContext();
    const abandoned = await browser.newContext();
    const page = await returning.newPage();
    await signIn(page, user);
    await signIn(await abandoned.newPage(), user);
    await abandoned.close(); // never comes back

    // the open page notices the idle timeout and leaves for sign-in by itself
    await expect(page).toHaveURL(/reason=idle/, { timeout: 10_000 });

    const db = new pg.Client({ connectionString: SERVERS.short.env.DATABASE_URL });
    await db.connect();
    try {
      const ended = async () =>
        (
          await db.query<{ reason: string | null; events: string }>(
            `SELECT s.revoked_reason AS reason,
                    (SELECT count(*) FROM audit_events a WHERE a.session_id = s.id AND a.type = 'session.expired-idle')::text AS events
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1`,
            [user.email],
          )
        ).rows;
      await expect.poll(ended, { timeout: 10_000 }).toEqual([
        { reason: "expired-idle", events: "1" },
        { reason: "expired-idle", events: "1" },
      ]);
    } finally {
      await db.end();
      await returning.close();
    }
  });
});
