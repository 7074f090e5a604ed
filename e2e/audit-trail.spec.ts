import pg from "pg";
import { expect, test } from "./support/fixtures";
import { SERVERS } from "./support/servers";
import { confirmPassword, signIn, submitSignIn } from "./support/session";

/** Every sign-in, failed attempt and sign-out leaves a trace the account owner can be shown (repudiation). */
test("records a failed sign-in, the sign-in and the sign-out in the audit trail, with no password or token", async ({ page, user }) => {
  const db = new pg.Client({ connectionString: SERVERS.main.env.DATABASE_URL });
  await db.connect();
  try {
    await page.goto("/login");
    await submitSignIn(page, user.email, "a-wrong-password");
    await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid email or password.");
    await signIn(page, user);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/reason=signed-out/);

    // the failure is written after the response (so timing reveals nothing): wait for it
    await expect
      .poll(async () => {
        const { rows } = await db.query<{ type: string; detail: unknown; ip_prefix: string }>(
          `SELECT a.type, a.detail, a.ip_prefix FROM audit_events a JOIN users u ON u.id = a.user_id
           WHERE u.email = $1 ORDER BY a.id`,
          [user.email],
        );
        return rows;
      })
      .toEqual([
        expect.objectContaining({ type: "login.failed", ip_prefix: "127.0.0.0/24" }),
        expect.objectContaining({ type: "session.created", ip_prefix: "127.0.0.0/24" }),
        expect.objectContaining({ type: "session.revoked", detail: expect.objectContaining({ reason: "signed-out" }) }),
      ]);
    const { rows } = await db.query<{ dump: string }>(`SELECT string_agg(row_to_json(a)::text, ' ') AS dump FROM audit_events a`);
    expect(rows[0]!.dump).not.toContain("a-wrong-password");
    expect(rows[0]!.dump).not.toContain(user.password);
  } finally {
    await db.end();
  }
});

/** Admin actions name the acting administrator, and the affected user sees them on their activity page (repudiation). */
test("records admin actions with the acting admin, on the affected user's trail too", async ({ page, browser, user }) => {
  const admin = { email: "admin@example.com", password: "admin-demo-password" };
  const victim = await browser.newContext();
  const victimPage = await victim.newPage();
  await signIn(victimPage, user);
  await signIn(page, admin, `/admin?q=${encodeURIComponent(user.email)}`);
  await page.getByRole("button", { name: "Confirm it's you" }).click();
  await confirmPassword(page, admin.password);
  await page.getByRole("button", { name: `End all sessions of ${user.email}` }).click();
  await expect(page.getByText("Ended 1 session.")).toBeVisible();

  const db = new pg.Client({ connectionString: SERVERS.main.env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query<{ type: string; detail: Record<string, unknown> }>(
    `SELECT a.type, a.detail FROM audit_events a JOIN users u ON u.id = a.user_id WHERE u.email = $1 AND a.type IN ('admin.sessions-ended', 'session.revoked') ORDER BY a.id`,
    [user.email],
  );
  const { rows: admins } = await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [admin.email]);
  await db.end();
  expect(rows).toEqual([
    { type: "session.revoked", detail: expect.objectContaining({ reason: "admin", by: `admin:${admins[0]!.id}` }) },
    { type: "admin.sessions-ended", detail: expect.objectContaining({ count: 1, by: `admin:${admins[0]!.id}` }) },
  ]);

  await signIn(victimPage, user, "/account/activity");
  await expect(victimPage.getByTestId("activity-list")).toContainText("An administrator signed you out everywhere");
  await victim.close();
});
